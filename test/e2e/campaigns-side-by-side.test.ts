/**
 * Several campaigns in one deployment, in a real browser: the city office copies its campaign
 * (a new title and 文号), sees both in its list of campaigns, enters the new one and sees its
 * dashboard, switches back from the header; a bad definition file is refused with the line and
 * field named. On a phone, a login with two campaigns opens the chooser first. With
 * SCREENSHOT_DIR set, the pages are saved at 1280 × 800 and 390 × 844.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { api, stack } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';

const SHOTS = process.env.SCREENSHOT_DIR;
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;
const PHONE_390 = { ...PHONE, viewport: { width: 390, height: 844 } } as const;

let browser: Browser;
let t: TestCampaign;
let office: { code: string; token: string };
const tag = Date.now().toString(36).toUpperCase();
const first = `濮阳市先进集体和先进工作者评选${tag}`;
const second = `${first}（第二批）`;

async function logIn(context: typeof DESKTOP | typeof PHONE_390): Promise<Page> {
  const page = await (await browser.newContext(context)).newPage();
  await page.goto(stack.baseUrl);
  await page.getByLabel('登录码').fill(office.code);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, name), fullPage: true });
};

beforeAll(async () => {
  t = await newCampaign((c) => ({ ...c, title: first }));
  office = await newAccount(t.campaign, 'city', '市评选工作领导小组办公室');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the city office runs two campaigns', () => {
  it('copies its campaign, sees both, enters the new one and sees its dashboard, and switches back', async () => {
    const page = await logIn(DESKTOP);
    await page.getByRole('heading', { name: '市评选办' }).waitFor();
    await page.getByRole('link', { name: '评选活动' }).click();
    await page.getByRole('heading', { name: '评选活动' }).waitFor();
    const copyForm = page.getByRole('form', { name: `复制“${first}”` });
    await copyForm.getByLabel('活动名称').fill(second);
    await copyForm.getByLabel('文号').fill('濮人社函〔2025〕1号');
    await copyForm.getByRole('button', { name: '复制并新建' }).click();
    await page.getByRole('status').getByText(`已新建“${second}”`).waitFor();
    // both in the list, each with the office's role
    const list = page.locator('ul.campaigns li');
    await expect.poll(() => list.count()).toBe(2);
    expect(await list.allTextContents()).toEqual([
      expect.stringContaining(first),
      expect.stringContaining(second),
    ]);
    // the header offers the switch now that there are two
    await page.getByRole('link', { name: '切换评选活动' }).waitFor();
    await shot(page, 'campaigns-1280.png');

    await page.getByRole('button', { name: `进入${second}` }).click();
    await page.getByRole('heading', { name: '市评选办' }).waitFor();
    await expect.poll(() => page.locator('.campaign-bar span').textContent()).toBe(second);
    await page.getByRole('table', { name: '各地推荐情况' }).waitFor();
    // the new campaign's own dashboard: its id in the publicity link, no place used yet
    const { body } = await api('GET', '/api/me', { token: office.token });
    const copy = body.campaigns.find((c: { title: string }) => c.title === second);
    expect(await page.getByRole('link', { name: '公示页面' }).getAttribute('href')).toBe(
      `#/public/${copy.id}`,
    );
    await shot(page, 'campaign-copy-dashboard-1280.png');

    await page.getByRole('link', { name: '切换评选活动' }).click();
    await page.getByRole('button', { name: `进入${first}` }).click();
    await expect.poll(() => page.locator('.campaign-bar span').textContent()).toBe(first);
    expect(await page.getByRole('link', { name: '公示页面' }).getAttribute('href')).toBe(
      `#/public/${t.campaign.id}`,
    );
  });

  it('refuses a bad definition file, naming its line and field', async () => {
    const page = await logIn(DESKTOP);
    await page.goto(`${stack.baseUrl}/#/o/campaigns`);
    await page.getByRole('heading', { name: '评选活动' }).waitFor();
    await page.getByLabel('评选定义文件', { exact: true }).setInputFiles({
      name: '错误的定义.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(
        readFileSync(join(import.meta.dirname, '../../campaigns/puyang-2024.yaml'), 'utf8').replace(
          /^workYear: .*$/m,
          'workYear: 二〇二五',
        ),
        'utf8',
      ),
    });
    await page.getByText('已选择 错误的定义.yaml').waitFor();
    await page.getByRole('button', { name: '上传并新建' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/第 13 行 workYear：/);
    await shot(page, 'campaign-bad-file-1280.png');
  });

  it('on a phone, a login with two campaigns opens the chooser first', async () => {
    const phone = await logIn(PHONE_390);
    await phone.getByRole('heading', { name: '评选活动' }).waitFor();
    await expect.poll(() => phone.locator('ul.campaigns li').count()).toBe(2);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'campaigns-390.png');
    // the login opened the campaign chosen last (the first); entering the second switches
    await phone.getByRole('button', { name: `进入${second}` }).click();
    await phone.getByRole('heading', { name: '市评选办' }).waitFor();
    await expect.poll(() => phone.locator('.campaign-bar span').textContent()).toBe(second);
    await shot(phone, 'campaign-copy-dashboard-390.png');
  });
});
