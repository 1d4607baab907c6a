import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { chinaToday, ok, SCAN_PHOTO, scan, submitted, toCityPublicity } from '../support/process.ts';
import { api, stack } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';
import { signIn } from './session.ts';

let browser: Browser;
let page: Page;
let t: TestCampaign;
let id: string;

beforeAll(async () => {
  // Today's publicity may run into a year the built-in calendar lacks: the office adds it.
  t = await newCampaign((c) => ({
    ...c,
    calendar: { years: { 2027: { holidays: ['2027-01-01'], workdays: [] } } },
  }));
  id = await submitted(t, 'worker', '赵敏');
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
    await page.getByLabel('公安意见盖章扫描件').setInputFiles(SCAN_PHOTO);
    await expect.poll(() => page.getByText('扫描件已上传并通过检查').count(), { timeout: 40_000 }).toBe(1);
    await page.getByRole('button', { name: '保存公安意见' }).click();
    await expect.poll(() => page.getByText('已保存', { exact: true }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByText(/同意推荐（同意，2024年2月26日），已附盖章扫描件/).count()).toBe(3);
    await page.getByRole('button', { name: '推荐', exact: true }).click();
    await page
      .getByRole('dialog', { name: '确定推荐吗？' })
      .getByRole('button', { name: '确认推荐' })
      .click();
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
    await toCityPublicity(t, id, chinaToday());
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
