/**
 * An objection from the public page to the city office's desk (desktop, 1280×800): the objector
 * is given a short receipt number; the office finds the case by it, sees whom it is about (name,
 * unit, region), and reveals the objector's phone to call back, the reveal logged.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCampaign } from '../support/campaigns.ts';
import { chinaToday, workerOnCityPublicity } from '../support/process.ts';
import { api, callFrom, chainEvents, stack } from '../support/stack.ts';
import { launchChromium } from './browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;
const SHOTS = process.env.SCREENSHOT_DIR;

let browser: Browser;
let t: TestCampaign;
let id: string;

beforeAll(async () => {
  ({ t, id } = await workerOnCityPublicity('孙立'));
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
});

describe('an objection on a desktop', () => {
  let receipt = '';

  it('gives the objector a short receipt number on the public page', async () => {
    const pub = await (await browser.newContext(DESKTOP)).newPage();
    await pub.goto(`${stack.baseUrl}/#/public/${t.campaign.id}`);
    await pub.getByText('对孙立提出异议').click();
    await pub.getByLabel('异议内容').fill('该同志 2023 年考核材料与实际不符');
    await pub.getByLabel('真实姓名（选填）').fill('周群众');
    await pub.getByLabel('联系电话（选填）').fill('13912345678');
    await pub.getByRole('button', { name: '提交对孙立的异议' }).click();
    const shown = pub.getByRole('status').filter({ hasText: '受理编号' });
    await shown.waitFor();
    receipt = ((await shown.locator('.receipt-number').textContent()) ?? '').trim();
    expect(receipt).toMatch(new RegExp(`^${chinaToday().replaceAll('-', '')}-\\d{4}$`));
    if (SHOTS) await pub.screenshot({ path: join(SHOTS, 'objection-receipt-1280.png') });
  });

  it('lets the city office find the case by its receipt, see whom it is about, and reveal the phone', async () => {
    // a second case about the same nominee, which the search must leave out
    const other = await callFrom('127.0.0.41', 'POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
      nominationId: id,
      content: '另一条意见',
      name: '吴群众',
      phone: '13700001111',
    });
    expect(other.status).toBe(201);
    const page = await (await browser.newContext(DESKTOP)).newPage();
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
    await page.goto(`${stack.baseUrl}/#/o/cases`);
    await page.reload();
    await page.getByRole('heading', { name: '异议处理' }).waitFor();
    expect(await page.getByRole('article').count()).toBe(2);
    await page.getByLabel('查找异议').fill(receipt);
    const card = page.getByRole('article', { name: `异议 ${receipt}` });
    await expect.poll(() => page.getByRole('article').count()).toBe(1);
    expect(await card.getByRole('heading').textContent()).toBe('孙立 华龙区财政局 · 华龙区');
    expect(await card.textContent()).toContain(`受理编号 ${receipt}`);
    expect(await card.textContent()).toContain('139****5678');
    await card.getByRole('button', { name: '查看完整电话' }).click();
    await card.getByRole('link', { name: '13912345678' }).waitFor();
    expect(await card.getByRole('link', { name: '13912345678' }).getAttribute('href')).toBe(
      'tel:13912345678',
    );
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'cases-1280.png'), fullPage: true });
    const last = (await chainEvents(`NOM#${id}`)).at(-1);
    expect(last).toMatchObject({ action: 'pii.objector_phone_revealed', actor: { role: 'city' } });
  });
});
