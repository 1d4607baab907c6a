/**
 * On a phone: a county reviewer records the police opinion with a photo of the stamped paper and
 * recommends; then the public publicity page, and an objection filed from it. The steps before
 * (the unit's, the other opinions, the city's) go through the API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { workerForm } from '../support/forms.ts';
import { api, postUpload, stack, waitForVerdict } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
const SCAN = join(FIXTURES, 'phone-portrait-white-gps.jpg');

async function ok(r: Promise<{ status: number; body: any }>, status = 200) {
  const a = await r;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
}

async function scan(token: string, id: string, purpose: string): Promise<string> {
  const ask = await ok(
    api('POST', `/api/nominations/${id}/scans`, { token, body: { purpose, contentType: 'image/jpeg' } }),
    201,
  );
  await postUpload(ask.upload, readFileSync(SCAN), 'image/jpeg');
  const until = Date.now() + 30_000;
  for (;;) {
    const list = await ok(api('GET', `/api/nominations/${id}/scans`, { token }));
    const s = list.scans.find((x: { scanId: string }) => x.scanId === ask.scanId);
    if (s?.status === 'accepted') return ask.scanId;
    if (s?.status === 'refused' || Date.now() > until)
      throw new Error(`scan ${purpose}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A worker taken by its unit to the county (as test/integration/process.test.ts does). */
async function submitted(t: TestCampaign, name: string): Promise<string> {
  const unit = t.tokens.unit;
  const form = workerForm(t.campaign.assessmentYears, { name });
  const id = (
    await ok(api('POST', '/api/nominations', { token: unit, body: { category: 'worker', form } }), 201)
  ).id;
  const ask = await ok(
    api('POST', `/api/nominations/${id}/photo`, { token: unit, body: { contentType: 'image/jpeg' } }),
    201,
  );
  await postUpload(ask.upload, readFileSync(join(FIXTURES, 'id-photo-413x579.jpg')), 'image/jpeg');
  await waitForVerdict(unit, id, ask.photoId);
  await ok(
    api('PUT', `/api/nominations/${id}/unit-recommendation`, {
      token: unit,
      body: {
        democratic: { date: '2024-02-05', voters: 30, votesFor: 27 },
        leadershipDecisionDate: '2024-02-06',
      },
    }),
  );
  await ok(
    api('POST', `/api/nominations/${id}/unit-publicity`, { token: unit, body: { postedOn: '2024-02-08' } }),
  );
  await scan(unit, id, 'notice');
  await ok(
    api('POST', `/api/nominations/${id}/unit-publicity/close`, {
      token: unit,
      body: { outcome: 'no_objection' },
    }),
  );
  await ok(api('POST', `/api/nominations/${id}/submit`, { token: unit }));
  return id;
}

let browser: Browser;
let page: Page;
let t: TestCampaign;
let id: string;

async function signIn(p: Page, token: string) {
  const { principal } = await ok(api('GET', '/api/me', { token }));
  await p.goto(stack.baseUrl);
  await p.evaluate(
    ([token, principal]) =>
      localStorage.setItem(
        'pingxuan:session',
        JSON.stringify({ token, expiresAt: '2099-01-01T00:00:00Z', principal }),
      ),
    [token, principal] as const,
  );
  await p.reload();
}

beforeAll(async () => {
  // Today's publicity may run into a year the built-in calendar lacks: the office adds it.
  t = await newCampaign((c) => ({
    ...c,
    calendar: { years: { 2027: { holidays: ['2027-01-01'], workdays: [] } } },
  }));
  id = await submitted(t, '赵敏');
  const county = t.tokens.county;
  await ok(
    api('PUT', `/api/nominations/${id}/political-review`, {
      token: county,
      body: { passed: true, text: '政治立场坚定', date: '2024-02-23' },
    }),
  );
  for (const d of ['personnel', 'discipline']) {
    const scanId = await scan(county, id, `opinion-${d}`);
    await ok(
      api('PUT', `/api/nominations/${id}/opinions/${d}`, {
        token: county,
        body: { conclusion: '同意推荐', favourable: true, text: '无异议', date: '2024-02-26', scanId },
      }),
    );
  }
  browser = await launchChromium();
  page = await (await browser.newContext(PHONE)).newPage();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('a county reviewer on a phone', () => {
  it('sees the nomination in the inbox with what is missing', async () => {
    await signIn(page, t.tokens.county);
    await page.goto(`${stack.baseUrl}/#/`);
    await expect.poll(() => page.getByRole('link', { name: '赵敏' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('link', { name: '赵敏' }).click();
    await expect.poll(() => page.getByText('审核流程').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('records the police opinion with a photo of the stamped paper, then recommends', async () => {
    await page.getByLabel('公安意见结论').fill('同意推荐');
    await page.getByRole('form', { name: '公安部门意见' }).getByLabel('同意推荐', { exact: true }).check();
    await page.getByLabel('公安意见内容').fill('经查询无违法犯罪记录');
    await page.getByLabel('公安意见日期').fill('2024-02-26');
    // The scans API: POST …/scans, the presigned POST, then GET …/scans until accepted.
    await page.getByLabel('公安意见盖章扫描件').setInputFiles(SCAN);
    await expect.poll(() => page.getByText('扫描件已上传并通过检查').count(), { timeout: 40_000 }).toBe(1);
    await page.getByRole('button', { name: '保存公安意见' }).click();
    await expect.poll(() => page.getByText('已保存', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByText(/同意推荐（同意，2024年2月26日），已附盖章扫描件/).count()).toBe(3);
    await page.getByRole('button', { name: '推荐', exact: true }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: '县区已推荐' }).count(), { timeout: 15_000 })
      .toBe(1);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe('the public publicity page', () => {
  beforeAll(async () => {
    const REPORT = {
      organisation: '成立小组',
      process: '单位推荐',
      opinions: '已征求',
      publicity: '已公示',
      recommendation: '推荐',
    };
    await ok(api('PUT', '/api/regions/hualong/report', { token: t.tokens.county, body: REPORT }));
    await ok(api('POST', '/api/regions/hualong/submit', { token: t.tokens.county }));
    await ok(
      api('PUT', `/api/campaigns/${t.campaign.id}/meeting`, {
        token: t.tokens.city,
        body: { date: '2024-03-01', members: 9, present: 9, attendees: [] },
      }),
    );
    await ok(
      api('POST', `/api/nominations/${id}/vote`, {
        token: t.tokens.city,
        body: { for: 9, against: 0, abstain: 0 },
      }),
    );
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await ok(
      api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
        token: t.tokens.city,
        body: { startsOn: today },
      }),
    );
  }, 60_000);

  it('shows the list without login and accepts an objection with name and phone', async () => {
    const pub = await (await browser.newContext(PHONE)).newPage();
    await pub.goto(`${stack.baseUrl}/#/public/${t.campaign.id}`);
    await expect.poll(() => pub.getByText('赵敏').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await pub.getByText(/匿名异议会被记录，但不予受理/).count()).toBe(1);
    await pub.getByText('对赵敏提出异议').click();
    await pub.getByLabel('异议内容').fill('该同志 2022 年考核结果有误');
    await pub.getByLabel('真实姓名（选填）').fill('李群众');
    await pub.getByLabel('联系电话（选填）').fill('13812345678');
    await pub.getByRole('button', { name: '提交对赵敏的异议' }).click();
    await expect
      .poll(() => pub.getByRole('status').filter({ hasText: '受理编号' }).count(), { timeout: 15_000 })
      .toBe(1);
    const cases = await ok(api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.city }));
    expect(cases.cases.map((c: { status: string }) => c.status)).toEqual(['open']);
  });
});
