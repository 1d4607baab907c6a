/**
 * The auditor at an office PC (1280×800) against the real local stack: logs in, browses the
 * campaign, filters by category, opens a nomination (form with the ID number masked, timeline
 * with its diffs), checks the audit chain and downloads the audit log. Then the same pages on
 * a 360 px phone. E2E_SCREENSHOTS=<folder> keeps a screenshot of each page.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectiveForm, idNumber, workerForm } from '../support/forms.ts';
import { api, demoCode, postUpload, stack, tokenFor, waitForVerdict } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';

const CAMPAIGN = '01HMB7Z4Q1PYCZ2024YKT00001';
const NAME = '欧阳审阅';
const ID = idNumber('19850615', '男');
const SHOTS = process.env.E2E_SCREENSHOTS;
const FIXTURES = join(import.meta.dirname, '../fixtures/photos');

let browser: Browser;
let page: Page;
let nominationId: string;

/** The whole page, in screen-high slices (a long page shrunk to one image cannot be read). */
async function shot(p: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const { width, height } = p.viewportSize() ?? { width: 1280, height: 800 };
  const full = await p.evaluate(() => document.documentElement.scrollHeight);
  for (let i = 0, y = 0; y < full; i++, y += height) {
    const clip = { x: 0, y, width, height: Math.min(height, full - y) };
    await p.screenshot({ path: join(SHOTS, `${name}-${i + 1}.png`), clip, fullPage: true, scale: 'css' });
  }
}

async function logIn(p: Page) {
  await p.goto(stack.baseUrl);
  await p.getByLabel('登录码').fill(demoCode('auditor'));
  await p.getByRole('button', { name: '登录' }).click();
  // the demo auditor may take part in a second seeded campaign: the chooser comes first then
  const chooser = p.getByRole('heading', { name: '评选活动' });
  await p.getByRole('table').or(chooser).first().waitFor({ timeout: 15_000 });
  if (await chooser.isVisible()) await p.getByRole('link', { name: '当前活动' }).click();
  await p.getByRole('table').waitFor({ timeout: 15_000 });
}

/** The list row of a nomination, reading further pages until it shows up. */
async function rowOf(p: Page, name: string) {
  const row = p.getByRole('row').filter({ has: p.getByRole('link', { name, exact: true }) });
  for (let i = 0; i < 20 && !(await row.count()); i++) {
    const more = p.getByRole('button', { name: '加载更多' });
    if (!(await more.count())) break;
    await more.click();
    await p.waitForTimeout(300);
  }
  return row;
}

beforeAll(async () => {
  // Something to audit: a worker created and then edited by a unit, and a collective.
  const unit = await tokenFor('unit');
  const years = (await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: unit })).body.campaign
    .assessmentYears;
  const created = await api('POST', '/api/nominations', {
    token: unit,
    body: { category: 'worker', form: workerForm(years, { name: NAME, idNumber: ID }) },
  });
  expect(created.status).toBe(201);
  nominationId = created.body.id;
  const edited = await api('PATCH', `/api/nominations/${nominationId}`, {
    token: unit,
    body: { version: 1, form: { phone: '13903930099' } },
  });
  expect(edited.status).toBe(200);
  // Two photo versions: one accepted, one refused (each its own object, both kept).
  for (const file of ['id-photo-413x579.jpg', 'too-small-200x280.jpg']) {
    const ask = await api('POST', `/api/nominations/${nominationId}/photo`, {
      token: unit,
      body: { contentType: 'image/jpeg' },
    });
    expect(ask.status).toBe(201);
    expect(await postUpload(ask.body.upload, readFileSync(join(FIXTURES, file)), 'image/jpeg')).toBe(204);
    await waitForVerdict(unit, nominationId, ask.body.photoId);
  }
  const collective = await api('POST', '/api/nominations', {
    token: unit,
    body: { category: 'collective', form: collectiveForm() },
  });
  expect(collective.status).toBe(201);

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('the auditor at a desktop', () => {
  it('logs in and sees the campaign’s nominations', async () => {
    await logIn(page);
    expect(await page.getByText('审计监督（只读）', { exact: false }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('row').count()).toBeGreaterThan(1);
    expect(await page.getByRole('button', { name: '校验审计链' }).count()).toBe(1);
    await shot(page, 'desktop-home');
  });

  it('filters by category: only workers are listed', async () => {
    await page.getByLabel('类别', { exact: true }).selectOption({ label: '先进工作者' });
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('category=worker');
    await expect.poll(() => page.getByRole('table').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await rowOf(page, NAME)).count(), { timeout: 15_000 }).toBe(1);
    const categories = await page.locator('table.noms tbody td[data-label="类别"]').allTextContents();
    expect(categories.length).toBeGreaterThan(0);
    expect(new Set(categories)).toEqual(new Set(['先进工作者']));
  });

  it('opens the nomination: the form with the ID number masked, the timeline with its diffs', async () => {
    await (await rowOf(page, NAME)).getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { name: '先进工作者推荐审批表' }).waitFor({ timeout: 15_000 });
    const timeline = page.getByRole('region', { name: /修改记录/ });
    await timeline.getByText('已校验').waitFor({ timeout: 15_000 });

    const masked = `${ID.slice(0, 6)}********${ID.slice(-4)}`;
    expect(await page.getByText(masked, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain(ID);

    const events = timeline.getByRole('listitem');
    const actions = await events.locator('.action').allTextContents();
    expect(actions).toEqual(['新建', '修改', '上传照片', '照片通过', '上传照片', '照片未通过']);
    const first = events.nth(0);
    expect(await first.getByText('新建', { exact: true }).count()).toBe(1);
    expect(await first.getByText(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/).count()).toBe(1);
    expect(await first.getByRole('rowheader', { name: '姓名' }).count()).toBe(1);
    const edit = events.nth(1);
    expect(await edit.getByText('修改', { exact: true }).count()).toBe(1);
    const phoneRow = edit.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '联系电话' }) });
    expect(await phoneRow.locator('td').allTextContents()).toEqual(['13903930001', '13903930099']);

    const versions = page.getByRole('region', { name: /照片历次上传/ }).getByRole('listitem');
    expect(await versions.count()).toBe(2);
    // Newest first: the refused upload with its reason, then the accepted one with its thumbnail.
    expect(await versions.nth(0).textContent()).toMatch(/未通过.+/);
    expect(await versions.nth(0).locator('img').count()).toBe(0);
    const thumb = versions.nth(1).locator('img');
    expect(await versions.nth(1).textContent()).toContain('已通过');
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'desktop-nomination');
  });

  it('checks the audit chain and shows a result', async () => {
    await page.getByRole('link', { name: '‹ 返回列表' }).click();
    // Back on the list it left, filters included.
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('category=worker');
    await page.getByRole('button', { name: '校验审计链' }).click();
    const panel = page.getByRole('region', { name: '审计链' });
    // Other test files break chains on purpose: the result is either intact or a list of breaks.
    // The verification runs as a job (its own process locally): progress first, then the result.
    await panel
      .getByText(/^完整$|^发现 \d+ 处断裂$/)
      .first()
      .waitFor({ timeout: 120_000 });
    const hash = (await panel.locator('.hash').textContent()) ?? '';
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    if (await panel.getByText('完整', { exact: true }).count()) {
      expect(await panel.locator('.breaks li').count()).toBe(0);
    } else {
      expect(await panel.locator('.breaks li').count()).toBeGreaterThan(0);
      expect(await panel.locator('.breaks li').first().textContent()).toMatch(/第 \d+ 条/);
    }
    await shot(page, 'desktop-chain');
  });

  it('downloads the audit log, whose last line is the head', async () => {
    await page.getByRole('button', { name: '生成审计日志' }).click();
    const link = page.getByRole('link', { name: '下载审计日志 (JSONL)' });
    await link.waitFor({ timeout: 30_000 });
    const shown = (await page.getByRole('region', { name: '审计日志' }).locator('.hash').textContent()) ?? '';
    expect(shown).toMatch(/^[0-9a-f]{64}$/);

    const url = (await link.getAttribute('href')) as string;
    const r = await fetch(url);
    expect(r.status).toBe(200);
    const lines = (await r.text()).trim().split('\n');
    const head = JSON.parse(lines[lines.length - 1] as string);
    expect(head).toMatchObject({ type: 'head', headHash: shown, campaignId: CAMPAIGN });
    expect(lines.length).toBe(head.events + 1);
    await shot(page, 'desktop-log');
  });
});

describe('the auditor on a 360 px phone', () => {
  let phone: Page;
  beforeAll(async () => {
    phone = await (await browser.newContext(PHONE)).newPage();
  });

  const sideways = (p: Page) =>
    p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  it('reads the list and a nomination without scrolling sideways', async () => {
    await logIn(phone);
    expect(await sideways(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-home');
    await phone.goto(`${stack.baseUrl}/#/n/${nominationId}`);
    await phone.getByText('已校验').waitFor({ timeout: 15_000 });
    expect(await sideways(phone)).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-nomination');
  });
});
