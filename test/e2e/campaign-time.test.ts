/**
 * Issue 9 in Chromium, with the local clock moving through the 5-working-day windows:
 * a unit on a phone (390×844) meets the date rules, cancels a publicity started by mistake and
 * copies its withdrawn nomination into a new draft (points 5 and 6); the city office on a desktop
 * (1280×800) previews and starts publicity rounds and confirms each round when it ends (point 1).
 * Screenshots go to the system temp dir (their paths are printed).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { setClock } from '../support/clock.ts';
import { workerForm } from '../support/forms.ts';
import { atMeeting, FIXTURES, ok, SCAN_PHOTO, vote } from '../support/process.ts';
import { api, postUpload, stack, waitForVerdict } from '../support/stack.ts';
import { launchChromium } from './browser.ts';
import { signIn } from './session.ts';

/** Say yes to the question an irreversible step asks first (ConfirmDialog), when it asks. */
async function yes(page: Page) {
  const dialog = page.getByRole('dialog');
  const asked = await dialog
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (asked) await dialog.getByRole('button').filter({ hasNotText: '取消' }).last().click();
}

const UNIT_PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
} as const;
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await setClock(null);
});

async function signedIn(options: typeof UNIT_PHONE | typeof DESKTOP, token: string): Promise<Page> {
  return signIn(await (await browser.newContext(options)).newPage(), token);
}

/** A screenshot of the page, or of the steps panel on a nomination's page. */
async function shot(page: Page, name: string, panel = false) {
  const path = join(tmpdir(), `pingxuan-issue9-${name}.png`);
  if (panel) await page.locator('section.process').screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}

const status = (page: Page) => page.locator('.process .meta strong').first();
const noOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('a unit on a phone: dates, cancelling a publicity, copying a withdrawn nomination', () => {
  let t: TestCampaign;
  let id: string;
  let page: Page;
  beforeAll(async () => {
    await setClock('2026-12-07');
    t = await newCampaign();
    id = (
      await ok(
        api('POST', '/api/nominations', {
          token: t.tokens.unit,
          body: { category: 'worker', form: workerForm(t.campaign.assessmentYears, { name: '孙敏' }) },
        }),
        201,
      )
    ).id;
    const ask = await ok(
      api('POST', `/api/nominations/${id}/photo`, {
        token: t.tokens.unit,
        body: { contentType: 'image/jpeg' },
      }),
      201,
    );
    await postUpload(ask.upload, readFileSync(join(FIXTURES, 'id-photo-413x579.jpg')), 'image/jpeg');
    await waitForVerdict(t.tokens.unit, id, ask.photoId);
    page = await signedIn(UNIT_PHONE, t.tokens.unit);
    await page.goto(`${stack.baseUrl}/#/n/${id}`);
    await page.reload();
    // on a loaded machine the page may take a while: once, reload (as the other e2e pages do)
    const processHeading = page.getByRole('heading', { name: '审核流程' });
    await processHeading
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        await page.reload();
        await processHeading.waitFor({ timeout: 30_000 });
      })
      .catch(async (e) => {
        await shot(page, 'unit-page-not-loaded');
        throw e;
      });
  }, 120_000);

  it('names a leadership decision before the democratic recommendation under its field, before sending', async () => {
    const form = page.getByRole('form', { name: '民主推荐和集体研究' });
    await form.getByLabel('民主推荐日期').fill('2026-12-02');
    await form.getByLabel('参加民主推荐人数').fill('30');
    await form.getByLabel('得票数').fill('27');
    await form.getByLabel('领导班子集体研究日期').fill('2026-12-01');
    await form.getByRole('button', { name: '保存民主推荐情况' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('不能早于民主推荐日期');
    await form.getByLabel('领导班子集体研究日期').fill('2026-12-03');
    await form.getByRole('button', { name: '保存民主推荐情况' }).click();
    await expect
      .poll(() => page.getByText(/领导班子集体研究 2026年12月3日/).count(), { timeout: 15_000 })
      .toBe(1);
  });

  it('asks for the photo of the notice when the publicity was posted before today', async () => {
    const form = page.getByRole('form', { name: '单位公示' });
    await form.getByLabel('公示张贴日期').fill('2026-12-04');
    await expect.poll(() => form.getByText(/早于今天），请先上传张贴公示的照片/).count()).toBe(1);
    await form.getByRole('button', { name: '开始单位公示' }).click();
    await yes(page);
    await expect
      .poll(() => form.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('须先上传张贴公示的照片');
    await shot(page, 'unit-backdated-publicity', true);
  });

  it('starts a publicity today, then cancels it with a reason: the draft and its next step are back at once', async () => {
    const form = page.getByRole('form', { name: '单位公示' });
    await form.getByLabel('公示张贴日期').fill('2026-12-07');
    await form.getByRole('button', { name: '开始单位公示' }).click();
    await yes(page);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('单位公示中');
    expect(await page.getByText(/公示至 2026年12月14日/).count()).toBeGreaterThan(0);
    const cancel = page.getByRole('form', { name: '取消单位公示' });
    await cancel.getByLabel('取消的理由').fill('张贴日期填错');
    await cancel.getByRole('button', { name: '取消单位公示' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('草稿');
    expect(await page.getByRole('form', { name: '单位公示' }).count()).toBe(1);
    expect(await page.getByText(/张贴日期填错/).count()).toBe(1);
    await shot(page, 'unit-publicity-cancelled', true);
  });

  it('closes a publicity only when its 5 working days have passed, then withdraws and copies it', async () => {
    const form = page.getByRole('form', { name: '单位公示' });
    await form.getByLabel('公示张贴日期').fill('2026-12-07');
    await form.getByRole('button', { name: '开始单位公示' }).click();
    await yes(page);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('单位公示中');
    await page.getByLabel('张贴公示的照片').setInputFiles(SCAN_PHOTO);
    await expect
      .poll(() => page.getByText('已上传公示照片', { exact: false }).count(), { timeout: 40_000 })
      .toBe(1);
    const close = page.getByRole('form', { name: '结束单位公示' });
    await close.getByLabel('公示无异议').check();
    await close.getByRole('button', { name: '结束单位公示' }).click();
    await yes(page);
    await expect
      .poll(() => close.getByRole('alert').textContent(), { timeout: 10_000 })
      .toContain('公示到 2026年12月14日');
    // 7 working days later
    await setClock('2026-12-16');
    await close.getByRole('button', { name: '结束单位公示' }).click();
    await yes(page);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('单位公示已结束');
    const withdraw = page.getByRole('form', { name: '撤回推荐' });
    await withdraw.getByLabel('撤回推荐的理由').fill('本人申请暂不参评');
    await withdraw.getByRole('button', { name: '撤回推荐' }).click();
    await yes(page);
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toBe('已撤回');
    await expect.poll(() => page.getByRole('button', { name: '复制为新草稿' }).count()).toBe(1);
    await shot(page, 'unit-withdrawn', true);
    await page.getByRole('button', { name: '复制为新草稿' }).click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).not.toContain(id);
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe('草稿');
    expect(await page.getByText('本草稿复制自').count()).toBe(1);
    expect(await page.getByRole('form', { name: '单位公示' }).count()).toBe(1);
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'unit-copy', true);
    const copyId = page.url().split('/').at(-1) as string;
    const copy = await ok(api('GET', `/api/nominations/${copyId}`, { token: t.tokens.unit }));
    expect(copy).toMatchObject({ status: 'draft', form: { name: '孙敏' }, process: { copiedFrom: id } });
    expect(copy.photos[0].status).toBe('accepted');
  }, 120_000);
});

describe('the city office on a desktop: the publicity in rounds', () => {
  let t: TestCampaign;
  let page: Page;
  let ids: Record<string, string>;
  beforeAll(async () => {
    await setClock('2026-12-07');
    t = await newCampaign();
    ids = await atMeeting(t, ['甲一', '乙二'], '2026-12-07');
    page = await signedIn(DESKTOP, t.tokens.city);
    await page.goto(`${stack.baseUrl}/#/`);
    await page.getByRole('heading', { name: '市级公示' }).waitFor({ timeout: 20_000 });
  }, 300_000);

  const section = () => page.locator('section', { has: page.getByRole('heading', { name: '市级公示' }) });

  it('previews round 1 with its warnings and starts it only when confirmed', async () => {
    expect(await section().getByText('尚未开始市级公示').count()).toBe(1);
    await section().getByRole('button', { name: '预览新一轮公示' }).click();
    const preview = page.getByRole('region', { name: '新一轮公示预览' });
    await expect.poll(() => preview.count(), { timeout: 15_000 }).toBe(1);
    expect(await preview.getByText(/第 1 轮公示：2026年12月7日 至 2026年12月14日/).count()).toBe(1);
    expect(await preview.getByRole('link', { name: '甲一' }).count()).toBe(1);
    expect(await preview.getByText(/范县：尚未向市评选办报送/).count()).toBe(1);
    expect(await preview.getByText(/1 个对象尚未表决/).count()).toBe(1);
    expect(await preview.getByRole('link', { name: '乙二' }).count()).toBe(1);
    // nothing started yet
    expect((await ok(api('GET', `/api/nominations/${ids.甲一}`, { token: t.tokens.city }))).status).toBe(
      'passed',
    );
    await shot(page, 'city-round-preview');
    await preview.getByRole('button', { name: '确认开始第 1 轮公示' }).click();
    await expect
      .poll(
        () =>
          section()
            .getByText(/第 1 轮公示已开始：1 个对象已公示/)
            .count(),
        { timeout: 15_000 },
      )
      .toBe(1);
    await expect
      .poll(() =>
        section()
          .getByText(/第 1 轮：2026年12月7日 至 2026年12月14日，1 个对象/)
          .count(),
      )
      .toBe(1);
    expect(await section().getByRole('button', { name: '预览新一轮公示' }).count()).toBe(1);
  });

  it('puts a nominee who passed later into round 2, and confirms each round when it ends', async () => {
    await setClock('2026-12-08');
    await vote(t, ids.乙二 as string, { for: 8, against: 1, abstain: 0 });
    // the next day the office opens the dashboard again
    await page.reload();
    await page.getByRole('heading', { name: '市级公示' }).waitFor({ timeout: 20_000 });
    await section().getByLabel('公示开始日期').fill('2026-12-08');
    await section().getByRole('button', { name: '预览新一轮公示' }).click();
    const preview = page.getByRole('region', { name: '新一轮公示预览' });
    await expect.poll(() => preview.getByText(/^第 2 轮公示：/).count(), { timeout: 15_000 }).toBe(1);
    await preview.getByRole('button', { name: '确认开始第 2 轮公示' }).click();
    await expect
      .poll(
        () =>
          section()
            .getByText(/第 2 轮：2026年12月8日 至 2026年12月15日/)
            .count(),
        { timeout: 15_000 },
      )
      .toBe(1);

    const pub = await (await browser.newContext(UNIT_PHONE)).newPage();
    await pub.goto(`${stack.baseUrl}/#/public/${t.campaign.id}`);
    await expect.poll(() => pub.getByText('乙二').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await pub.getByText(/第 1 轮公示时间/).count()).toBe(1);
    expect(await pub.getByText(/第 2 轮公示时间/).count()).toBe(1);
    await shot(pub, 'public-two-rounds');

    await setClock('2026-12-15');
    await page.reload();
    await section().getByRole('button', { name: '正式确定公示期满的对象' }).click();
    await yes(page);
    await expect.poll(() => section().getByText('已正式确定 1 个').count(), { timeout: 15_000 }).toBe(1);
    expect(
      await section()
        .getByText(/公示至 2026年12月15日，期满后再确定/)
        .count(),
    ).toBe(1);
    await expect
      .poll(() =>
        section()
          .getByText(/第 1 轮.*已期满/)
          .count(),
      )
      .toBe(1);
    await shot(page, 'city-round-1-confirmed');
    await setClock('2026-12-16');
    await section().getByRole('button', { name: '正式确定公示期满的对象' }).click();
    await yes(page);
    // the same words as before: the second round's nominee no longer waits
    await expect
      .poll(
        () =>
          section()
            .getByText(/期满后再确定/)
            .count(),
        { timeout: 15_000 },
      )
      .toBe(0);
    expect(await section().getByText('已正式确定 1 个').count()).toBe(1);
    expect((await ok(api('GET', `/api/nominations/${ids.乙二}`, { token: t.tokens.city }))).status).toBe(
      'confirmed',
    );
    expect(await noOverflow(page)).toBeLessThanOrEqual(0);
  }, 120_000);
});
