/**
 * The phone's photo step follows the campaign's photo: a campaign without a definition asks for
 * the 2-inch blue photo, one whose notice asks for a 1-inch white photo says so, frames it and has
 * the white phone photo accepted. With SCREENSHOT_DIR set, each photo step is saved at 390 × 844.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { definitionFile, oneInchWhitePhoto } from '../support/definitions.ts';
import { workerForm } from '../support/forms.ts';
import { api } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';
import { signIn } from './session.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
const SHOTS = process.env.SCREENSHOT_DIR;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A unit's phone at 390 × 844 on a new worker nomination of `t`, the photo chosen and framed. */
async function photoStep(t: TestCampaign, fixture: string): Promise<Page> {
  const created = await api('POST', '/api/nominations', {
    token: t.tokens.unit,
    body: { category: 'worker', form: workerForm(t.campaign.assessmentYears) },
  });
  expect(created.status).toBe(201);
  const page = await (
    await browser.newContext({ ...PHONE, viewport: { width: 390, height: 844 } })
  ).newPage();
  await signIn(page, t.tokens.unit);
  await page.goto(`${page.url().split('#')[0]}#/n/${created.body.id}`);
  await expect.poll(() => page.getByLabel('选择或拍摄照片').count(), { timeout: 30_000 }).toBe(1);
  await page.getByLabel('选择或拍摄照片').setInputFiles(join(FIXTURES, fixture));
  await expect
    .poll(() => page.getByRole('button', { name: '确认并上传' }).count(), { timeout: 15_000 })
    .toBe(1);
  return page;
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  await page.locator('section.photo').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Upload the framed photo and wait for the verdict. */
async function verdict(page: Page, text: string | RegExp) {
  await page.getByRole('button', { name: '确认并上传' }).click();
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: text }).count(), { timeout: 30_000 })
    .toBeGreaterThan(0);
}

describe('the photo step on a phone follows the campaign’s photo', () => {
  it('asks for the Puyang notice’s 2-inch blue photo', async () => {
    const t = await newCampaign();
    const page = await photoStep(t, 'phone-portrait-blue-gps.jpg');
    expect(await page.getByRole('heading', { name: '2寸蓝底彩色证件照' }).count()).toBe(1);
    expect(await page.getByText(/^蓝色背景、正面免冠/).count()).toBe(1);
    await shot(page, 'photo-step-2inch-blue-390');
    await verdict(page, '照片已通过审核');
    await page.context().close();
  }, 120_000);

  it('asks for the 1-inch white photo its notice names, takes the white photo and refuses the blue one', async () => {
    const photo = oneInchWhitePhoto();
    const t = await newCampaign((c) => ({
      ...c,
      // Qingfeng's photo, asked of this campaign's workers
      definition: { ...definitionFile('puyang-2024.yaml'), photo: { ...photo, categories: ['worker'] } },
    }));
    const page = await photoStep(t, 'phone-portrait-white-gps.jpg');
    expect(await page.getByRole('heading', { name: '1寸白底彩色证件照' }).count()).toBe(1);
    expect(await page.getByText(/^白色背景、正面免冠/).count()).toBe(1);
    await shot(page, 'photo-step-1inch-white-390');
    await verdict(page, '照片已通过审核');
    await page.getByLabel('选择或拍摄照片').setInputFiles(join(FIXTURES, 'phone-portrait-blue-gps.jpg'));
    await verdict(page, /未通过审核：背景应为白色/);
    await page.context().close();
  }, 120_000);
});
