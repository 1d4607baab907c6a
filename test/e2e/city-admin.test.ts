/**
 * On an office desktop: the city office creates a unit account and sees its code once, with the
 * QR code of the login link; the link opens the login form with the code filled in, and the code
 * logs in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { api, stack } from '../support/stack.ts';
import { launchChromium } from './browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;

let browser: Browser;
let page: Page;
let t: TestCampaign;

beforeAll(async () => {
  t = await newCampaign();
  browser = await launchChromium();
  page = await (await browser.newContext(DESKTOP)).newPage();
  const { body } = await api('GET', '/api/me', { token: t.tokens.city });
  await page.goto(stack.baseUrl);
  await page.evaluate(
    ([token, principal]) =>
      localStorage.setItem(
        'pingxuan:session',
        JSON.stringify({ token, expiresAt: '2099-01-01T00:00:00Z', principal }),
      ),
    [t.tokens.city, body.principal] as const,
  );
  await page.reload();
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
    await page.getByRole('row', { name: /华龙区教育局/ }).waitFor();

    // The printed link: the login form, the code filled in, nothing sent yet.
    const visitor = await (await browser.newContext(DESKTOP)).newPage();
    await visitor.goto(`${stack.baseUrl}/#/login/${code}`);
    await expect.poll(() => visitor.getByLabel('登录码').inputValue()).toBe(code);
    await visitor.getByRole('button', { name: '登录' }).click();
    await visitor.getByText('华龙区教育局').first().waitFor();
    expect(new URL(visitor.url()).hash).toBe('#/');
  });
});
