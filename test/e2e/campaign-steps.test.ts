/**
 * Issue 9, seen as the users saw it: every step shows its result and the next step at once; a
 * locked form says why and stops saving; reviewers open the evidence and reveal an ID number;
 * steps that cannot be taken back ask first; office and auditor pages read in Chinese; the code
 * sheet prints one card per account with no blank pages. Unit on a phone (390×844), county,
 * city and auditor on a desktop (1280×800), the county's scans on the phone too. Screenshots go
 * to $SHOTS (default: the system temp folder) for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { collectiveForm } from '../support/forms.ts';
import { chinaToday, ok, reviewed, submitted, toCityPublicity } from '../support/process.ts';
import { api, stack } from '../support/stack.ts';
import { launchChromium } from './browser.ts';

const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  userAgent:
    'Mozilla/5.0 (Linux; Android 12; V2001A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.40',
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };
const SHOTS = process.env.SHOTS ?? mkdtempSync(join(tmpdir(), 'pingxuan-shots-'));
mkdirSync(SHOTS, { recursive: true });

let browser: Browser;
let t: TestCampaign;

/** A page signed in with `token`, in a browser context of its own. */
async function signedIn(context: BrowserContextOptions, token: string, hash = '#/'): Promise<Page> {
  const p = await (await browser.newContext(context)).newPage();
  const { body } = await api('GET', '/api/me', { token });
  await p.goto(stack.baseUrl);
  await p.evaluate(
    ([tk, principal]) =>
      localStorage.setItem(
        'pingxuan:session',
        JSON.stringify({ token: tk, expiresAt: '2099-01-01T00:00:00Z', principal }),
      ),
    [token, body.principal] as const,
  );
  // A hash change alone is no navigation: reload so that the app reads the session.
  await p.goto(`${stack.baseUrl}/${hash}`);
  await p.reload();
  return p;
}

const shot = (p: Page, name: string) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** A date n days before today (China), as a date input takes it. */
const daysAgo = (n: number) => new Date(Date.parse(chinaToday()) - n * 86_400_000).toISOString().slice(0, 10);

/** Requests the page sends that change a nomination's form. */
function patches(p: Page): { count: number } {
  const seen = { count: 0 };
  p.on('request', (r) => {
    if (r.method() === 'PATCH' && r.url().includes('/api/nominations/')) seen.count++;
  });
  return seen;
}

beforeAll(async () => {
  t = await newCampaign();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('a unit on a phone', () => {
  it('sees the next steps as soon as the new nomination is saved, and a form locked by its publicity turns read-only at once', async () => {
    const page = await signedIn(PHONE, t.tokens.unit);
    await page.getByRole('button', { name: '新建先进集体' }).click();
    const f = collectiveForm({ unitName: '华龙区财政局一卡通股' });
    await page.getByLabel('单位名称').fill(String(f.unitName));
    await page.getByLabel('单位性质').selectOption(String(f.unitNature));
    for (const [label, key] of [
      ['单位级别', 'unitLevel'],
      ['主要负责人', 'leader'],
      ['职工总数', 'staffCount'],
      ['单位地址', 'address'],
      ['联系人', 'contactPerson'],
      ['联系电话', 'phone'],
      ['主要事迹', 'deeds'],
      ['事迹简介', 'summary'],
    ] as const)
      await page.getByLabel(label, { exact: true }).fill(String(f[key]));
    await page.getByLabel('近五年无违法违纪问题').check();
    await page.getByLabel('事迹简介').blur();

    // No reload: the steps panel appears under the form once the first save answers.
    await page.getByRole('heading', { name: '民主推荐和集体研究' }).waitFor({ timeout: 15_000 });
    expect(page.url()).toMatch(/#\/n\/[0-9A-Z]{26}$/);
    await expect
      .poll(() => page.locator('.savebar .status').textContent(), { timeout: 10_000 })
      .toMatch(/^已保存/);
    await shot(page, '3-unit-new-nomination-next-steps');

    await page.getByLabel('民主推荐日期').fill(daysAgo(3));
    await page.getByLabel('参加民主推荐人数').fill('30');
    await page.getByLabel('得票数').fill('27');
    await page.getByLabel('领导班子集体研究日期').fill(daysAgo(2));
    await page.getByRole('button', { name: '保存民主推荐情况' }).click();
    await page.getByText('已保存', { exact: true }).waitFor();

    // A second tab still shows the editable form (the user had it open).
    const id = page.url().split('/').pop() as string;
    const other = await page.context().newPage();
    const otherPatches = patches(other);
    await other.goto(`${stack.baseUrl}/#/n/${id}`);
    await other.getByLabel('单位级别').waitFor();

    // 开始单位公示 asks first, naming what follows.
    const sent = patches(page);
    await page.getByRole('button', { name: '开始单位公示' }).click();
    const dialog = page.getByRole('dialog', { name: '确定开始单位公示吗？' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('推荐表锁定');
    await shot(page, '6-unit-confirm-publicity');
    await dialog.getByRole('button', { name: '确认开始公示' }).click();

    // Read-only at once, saying why, with the next step (the notice photo) shown.
    await page.getByText('已开始单位公示，表单已锁定；如需修改，请先撤销单位公示').waitFor();
    expect(await page.getByLabel('单位级别').count()).toBe(0);
    await page.getByRole('heading', { name: '公示照片' }).waitFor();
    expect(await page.locator('.process').textContent()).toContain('单位公示中');
    await shot(page, '2-unit-locked-after-publicity');

    // The other tab types on: one refused save, then it stops, turns read-only and keeps the edit.
    await other.getByLabel('单位级别').fill('副处级');
    await other.getByLabel('单位级别').blur();
    await other
      .getByText('已开始单位公示，表单已锁定；如需修改，请先撤销单位公示')
      .waitFor({ timeout: 15_000 });
    await other.getByText('本机有 1 项修改未能保存').waitFor();
    await other.waitForTimeout(4000);
    expect(otherPatches.count).toBe(1);
    expect(sent.count).toBe(0);
    await shot(other, '2-unit-refused-edit-kept');
    // A reload does not silently drop it.
    await other.reload();
    await other.getByText('本机有 1 项修改未能保存').waitFor();
    expect(await other.getByLabel('未能保存的修改').inputValue()).toBe('单位级别：副处级');
  });

  it('on a stale version offers to reload or keep the typed values', async () => {
    const created = await ok(
      api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'collective', form: collectiveForm({ unitName: '华龙区财政局预算股' }) },
      }),
      201,
    );
    const a = await signedIn(PHONE, t.tokens.unit, `#/n/${created.id}`);
    await a.getByLabel('单位级别').waitFor();
    // Meanwhile, somebody else saves the same draft.
    await ok(
      api('PATCH', `/api/nominations/${created.id}`, {
        token: t.tokens.unit,
        body: { version: created.version, form: { leader: '李卫国' } },
      }),
    );
    await a.getByLabel('联系人').fill('钱芳');
    await a.getByRole('button', { name: '保存', exact: true }).click();
    await a.getByText(/推荐表已在别处被修改/).waitFor({ timeout: 15_000 });
    await a.getByRole('button', { name: '重新加载' }).waitFor();
    expect(await a.getByLabel('主要负责人').inputValue()).toBe('李卫国');
    expect(await a.getByLabel('联系人').inputValue()).toBe('钱芳');
    await shot(a, '2-unit-stale-version');
    await a.getByRole('button', { name: '保留我的修改' }).click();
    await expect
      .poll(() => a.locator('.savebar .status').textContent(), { timeout: 10_000 })
      .toMatch(/^已保存/);
    const stored = await ok(api('GET', `/api/nominations/${created.id}`, { token: t.tokens.unit }));
    expect(stored.form).toMatchObject({ leader: '李卫国', contactPerson: '钱芳' });
  });
});

describe('the county and the city office', () => {
  let id: string;
  beforeAll(async () => {
    id = await submitted(t, 'worker', '孙丽');
    await reviewed(t, id);
  }, 300_000);

  it('the county opens every scan inline, reveals the ID number, recommends after confirming and sees the next step at once', async () => {
    const page = await signedIn(DESKTOP, t.tokens.county, `#/n/${id}`);
    // on a loaded machine the office chunk and the record may take a while: once, reload
    const gallery = page.getByRole('heading', { name: '盖章扫描件和公示照片' });
    await gallery.waitFor({ timeout: 30_000 }).catch(async () => {
      await page.reload();
      await gallery.waitFor({ timeout: 30_000 });
    });
    const images = page.locator('.scan-thumb img');
    await expect.poll(() => images.count(), { timeout: 10_000 }).toBe(4);
    await expect
      .poll(() => images.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)))
      .toBe(true);
    expect(await page.getByRole('link', { name: /返回列表/ }).count()).toBe(1);

    await page.getByRole('button', { name: '查看完整身份证号' }).click();
    await page.getByText(/^\d{17}[\dX]$/).waitFor();
    expect(await page.getByText('30 秒后自动隐藏').count()).toBe(1);
    expect(await page.getByText('（每次查看均记入审计日志）').count()).toBe(0);
    await shot(page, '4-county-scans-and-id');

    await page.getByRole('button', { name: '放大查看公安部门意见盖章扫描件' }).click();
    const full = page.getByRole('dialog', { name: '公安部门意见盖章扫描件' });
    await full.waitFor();
    await shot(page, '4-county-scan-full');
    await full.getByRole('button', { name: '关闭' }).click();

    await page.getByRole('button', { name: '推荐', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '确定推荐吗？' });
    await dialog.waitFor();
    await shot(page, '6-county-confirm-recommend');
    await dialog.getByRole('button', { name: '确认推荐' }).click();
    await page.getByText('已完成，当前状态：县区已推荐').waitFor();
    await page.getByRole('link', { name: '审核推荐工作报告' }).waitFor();
    expect(await page.locator('.meta').first().textContent()).toContain('县区已推荐');
    await shot(page, '3-county-after-recommend');
  }, 180_000);

  it('the county opens the scans on a phone too, full screen on a tap', async () => {
    const phone = await signedIn(PHONE, t.tokens.county, `#/n/${id}`);
    const images = phone.locator('.scan-thumb img');
    // the gallery comes after the record and its signed links: on a loaded machine, give it time,
    // and open the page once more if the first load never showed the record
    const shown = await expect
      .poll(() => images.count(), { timeout: 30_000 })
      .toBe(4)
      .then(() => true)
      .catch(() => false);
    if (!shown) await phone.reload();
    await expect.poll(() => images.count(), { timeout: 30_000 }).toBe(4);
    const box = await images.first().boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    await phone.getByRole('button', { name: '放大查看单位公示张贴照片' }).tap();
    await phone.getByRole('dialog', { name: '单位公示张贴照片' }).waitFor();
    await shot(phone, '4-county-phone-scan-full');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('the city office confirms after a question, and is told why nothing was confirmed, not in green', async () => {
    await toCityPublicity(t, id, chinaToday());
    const page = await signedIn(DESKTOP, t.tokens.city);
    const confirm = page.getByRole('button', { name: '正式确定公示期满的对象' });
    await confirm.click();
    const dialog = page.getByRole('dialog', { name: '确定正式确定名单吗？' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await dialog.count()).toBe(0);
    await confirm.click();
    await page.getByRole('button', { name: '确认正式确定' }).click();
    // the round has not ended: nothing is confirmed, and the office is told when it can be
    const said = page.getByRole('alert').filter({ hasText: /公示期均未满.*期满后才能正式确定/ });
    await said.waitFor();
    expect(await page.getByText(/完成 0 个|已正式确定 0 个/).count()).toBe(0);
    await shot(page, '12-city-nothing-done');
  });

  it('the settings show the objection channels the public page shows', async () => {
    const page = await signedIn(DESKTOP, t.tokens.city, '#/o/settings');
    const current = page.getByRole('definition').filter({ hasText: '沿用通知中的联系电话' });
    await current.waitFor();
    expect(await current.textContent()).toContain(t.campaign.contact.phone);
    await shot(page, '12-city-settings-channels');
  });

  it('the auditor reads the history in Chinese, every actor by name', async () => {
    const page = await signedIn(DESKTOP, t.tokens.auditor, `#/n/${id}`);
    const timeline = page.locator('.timeline');
    await timeline.getByText('登记评审表决').first().waitFor({ timeout: 15_000 });
    await timeline.getByText('华龙区财政局（推荐单位）').first().waitFor();
    await timeline.getByText('市评选办（市评选办）').first().waitFor();
    const words = await timeline.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      for (const x of Array.from(copy.querySelectorAll('.mono, .proof'))) x.remove();
      return copy.textContent ?? '';
    });
    // Data stays as typed (fingerprints in hex, the fixture's 文号 华personnel〔2024〕1号); labels, codes and names are Chinese.
    const labels = words.replace(/[0-9a-f]{16,}/g, '').replace(/华(personnel|discipline|police)〔/g, '');
    expect(labels.match(/[a-z_]{3,}|[{}]/g) ?? []).toEqual([]);
    expect(words).not.toMatch(/[0-9A-Z]{26}/);
    await shot(page, '9-auditor-history');
  });
});

describe('the printed code sheet', () => {
  it('prints one card per account, eight to an A4 page, codes unbroken, no blank pages', async () => {
    const page = await signedIn(DESKTOP, t.tokens.city, '#/o/accounts');
    const names = Array.from({ length: 10 }, (_, i) => `华龙区测试单位${i + 1}号（名称较长的事业单位全称）`);
    await page.getByLabel('单位名单').fill(names.map((n) => `华龙区,${n}`).join('\n'));
    await page.getByRole('button', { name: '导入并显示登录码' }).click();
    await page
      .locator('.code-sheet')
      .getByText(names[9] as string)
      .waitFor();
    await page.locator('.code-sheet svg.qr').first().waitFor();

    await page.emulateMedia({ media: 'print' });
    const cards = page.locator('.print-sheet .code-card');
    expect(await cards.count()).toBe(10);
    // Every code on one line.
    const lines = await page
      .locator('.print-sheet .code')
      .evaluateAll((codes) => codes.map((c) => c.getClientRects().length));
    expect(lines).toEqual(Array(10).fill(1));
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(SHOTS, '10-code-sheet.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(Math.ceil(10 / 8));
    expect(info).toMatch(/Page size:.*\(A4\)/);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, join(SHOTS, '10-code-sheet')]);
    expect(
      readdirSync(SHOTS).filter((f) => f.startsWith('10-code-sheet-') && f.endsWith('.png')),
    ).toHaveLength(2);
  });
});
