/**
 * The web app runs under its strict Content-Security-Policy (infra/web-headers.ts, sent by the
 * local runtime as by CloudFront): on a phone, the login page and the unit's nomination form
 * cause no CSP violation, neither as an event nor in the console.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCode, stack } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';

let browser: Browser;
let page: Page;
const consoleMessages: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext(PHONE);
  // every violation the page reports, kept where the test can read it
  await context.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page = await context.newPage();
  page.on('console', (m) => consoleMessages.push(m.text()));
});
afterAll(async () => {
  await browser?.close();
});

const violations = async () => [
  ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
  ...consoleMessages.filter((m) => /Content.Security.Policy/i.test(m)),
];

describe('the app under its CSP', () => {
  it('is served with the policy, and the login page reports no violation', async () => {
    const response = await page.goto(stack.baseUrl);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByLabel('登录码').fill('XXXX');
    expect(await violations()).toEqual([]);
  });

  it('logs a unit in and opens its nomination form with no violation', async () => {
    await page.getByLabel('登录码').fill(demoCode('unit', { index: 2 }));
    await page.getByRole('button', { name: '登录' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: '新建先进工作者' }).count(), { timeout: 15_000 })
      .toBe(1);
    await page.getByRole('button', { name: '新建先进工作者' }).click();
    await page.getByLabel('姓名', { exact: true }).fill('周敏');
    await page.getByLabel('身份证号').fill('410902198506151230');
    await page.getByLabel('身份证号').blur();
    await expect.poll(() => page.getByText(/校验位不正确/).count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });
});
