/**
 * On an office desktop: the city office creates a unit account and sees its code once, with the
 * QR code of the login link; the link opens the login form with the code filled in, and the code
 * logs in. Units are imported from an .xlsx file chosen on the page. The dashboard uses a desktop's
 * width and stays a phone column on a phone.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { api, stack } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';
import { shown, signIn } from './session.ts';

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;

let browser: Browser;
let page: Page;
let t: TestCampaign;

/** A page signed in as the city office, in a browser context of its own. */
async function cityOffice(context: typeof DESKTOP | typeof PHONE): Promise<Page> {
  return signIn(await (await browser.newContext(context)).newPage(), t.tokens.city);
}

beforeAll(async () => {
  t = await newCampaign();
  browser = await launchChromium();
  page = await cityOffice(DESKTOP);
});
afterAll(async () => {
  await browser?.close();
});

describe('the city office, on a desktop', () => {
  it('creates a unit account, sees its code and QR code, and the link fills in the login form', async () => {
    await page.getByRole('link', { name: '账号管理' }).click();
    await page.getByRole('heading', { name: '账号管理' }).waitFor();
    await page.getByLabel('角色').selectOption('unit');
    await page.getByLabel('单位名称').fill('华龙区教育局');
    await page.getByLabel('地区', { exact: true }).selectOption('hualong');
    await page.getByRole('button', { name: '创建并显示登录码' }).click();

    const sheet = page.locator('.code-sheet');
    await sheet.getByText('华龙区教育局').waitFor();
    const code = (await sheet.locator('.code').first().textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await sheet.locator('svg.qr').first().waitFor();
    expect(await sheet.locator('svg.qr').getAttribute('aria-label')).toContain(`/#/login/${code}`);
    // The new account is in the list.
    await shown(page, page.getByRole('row', { name: /华龙区教育局/ }), 'the new account’s row');

    // The printed link: the login form, the code filled in, nothing sent yet.
    const visitor = await (await browser.newContext(DESKTOP)).newPage();
    await visitor.goto(`${stack.baseUrl}/#/login/${code}`);
    await expect.poll(() => visitor.getByLabel('登录码').inputValue()).toBe(code);
    await visitor.getByRole('button', { name: '登录' }).click();
    await visitor.getByText('华龙区教育局').first().waitFor();
    expect(new URL(visitor.url()).hash).toBe('#/');
  });

  it('imports units from an .xlsx file chosen on the accounts page', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['县区', '单位名称']);
    ws.addRow(['华龙区', '华龙区统计局']);
    ws.addRow(['范县', '范县统计局']);
    await page.goto(`${stack.baseUrl}/#/o/accounts`);
    await page.getByRole('heading', { name: '账号管理' }).waitFor();
    await page.getByLabel('或选择 .csv / .xlsx 文件').setInputFiles({
      name: '推荐单位名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    await shown(page, page.getByText('已选择 推荐单位名单.xlsx'), 'the chosen file’s name');
    await page.getByRole('button', { name: '导入并显示登录码' }).click();
    const sheet = page.locator('.code-sheet');
    await sheet.getByText('范县统计局').waitFor();
    expect(await sheet.locator('.code').count()).toBe(2);
    await page.getByRole('row', { name: /华龙区统计局/ }).waitFor();
  });

  it('lays the dashboard out across the screen at 1280 px, and keeps the phone column at 360 px', async () => {
    const box = async (p: Page, selector: string) => {
      const b = await p.locator(selector).first().boundingBox();
      if (!b) throw new Error(`${selector} is not on screen`);
      return b;
    };
    const quota = 'section:has(#dash-title)';
    const missing = 'section:has(#missing-title)';
    await page.goto(`${stack.baseUrl}/#/`);
    await page.getByRole('table', { name: '材料缺漏' }).getByRole('row', { name: /合计/ }).waitFor();
    expect((await box(page, 'main')).width).toBeGreaterThan(900);
    // The quota table and the missing materials side by side, nothing wider than the window.
    const [q, m] = [await box(page, quota), await box(page, missing)];
    expect(m.x).toBeGreaterThanOrEqual(q.x + q.width);
    expect(m.y).toBeLessThan(q.y + q.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    const phone = await cityOffice(PHONE);
    await phone.getByRole('table', { name: '材料缺漏' }).waitFor();
    expect((await box(phone, 'main')).width).toBeLessThanOrEqual(360);
    const [pq, pm] = [await box(phone, quota), await box(phone, missing)];
    expect(pm.y).toBeGreaterThanOrEqual(pq.y + pq.height);
    expect(pm.width).toBe(pq.width);
    // Wide tables scroll inside their card; the page itself does not.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('moves a place between regions and saves the settings', async () => {
    await page.goto(`${stack.baseUrl}/#/o/settings`);
    await page.getByRole('heading', { name: '名额分配' }).waitFor();
    const [a, b] = t.campaign.regions.map((r) => ({ ...r, quotas: { worker: r.quotas.worker ?? 0 } }));
    if (!a || !b) throw new Error('the example campaign has two regions at least');
    const first = page.getByLabel(`${a.name}先进工作者名额`);
    const second = page.getByLabel(`${b.name}先进工作者名额`);
    await first.fill(String(a.quotas.worker + 1));
    await page.getByText(/多 1/).waitFor();
    await second.fill(String(b.quotas.worker - 1));
    await page.getByRole('button', { name: '保存名额' }).click();
    await page.getByText('名额已保存').waitFor();

    await page.getByLabel('同意票达到到会成员三分之二以上').check();
    await page.getByLabel('电话').fill('0393-1234567');
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('设置已保存').waitFor();
    const { body } = await api('GET', `/api/campaigns/${t.campaign.id}`, { token: t.tokens.city });
    expect(body.campaign.passRule).toBe('two_thirds_present');
    expect(body.campaign.objectionChannels.phone).toBe('0393-1234567');
    expect(body.campaign.regions.find((r: { id: string }) => r.id === a.id).quotas.worker).toBe(
      a.quotas.worker + 1,
    );
  });
});
