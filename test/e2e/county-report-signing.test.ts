/**
 * The county names the organisation that signs its 审核推荐工作报告 on its report page (desktop,
 * 1280×800); the exported report is signed with it (read back in test/integration/export-fidelity).
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { api, stack } from '../support/stack.ts';
import { launchChromium } from './browser.ts';

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } as const;
const SHOTS = process.env.SCREENSHOT_DIR;

let browser: Browser;
let t: TestCampaign;
beforeAll(async () => {
  t = await newCampaign();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the county’s report page', () => {
  it('saves the signing organisation with the report, and shows it again', async () => {
    const page = await (await browser.newContext(DESKTOP)).newPage();
    const { body } = await api('GET', '/api/me', { token: t.tokens.county });
    await page.goto(stack.baseUrl);
    await page.evaluate(
      ([token, principal]) =>
        localStorage.setItem(
          'pingxuan:session',
          JSON.stringify({ token, expiresAt: '2099-01-01T00:00:00Z', principal }),
        ),
      [t.tokens.county, body.principal] as const,
    );
    await page.reload();
    await page.getByRole('link', { name: '审核推荐工作报告' }).click();
    await page.getByRole('heading', { name: '审核推荐工作报告' }).waitFor();
    for (const [label, text] of <[string, string][]>[
      ['组织情况', '成立审核推荐工作小组。'],
      ['推荐过程', '单位推荐、县区审核。'],
      ['征求意见情况', '已征求三部门意见。'],
      ['公示情况', '已在本单位公示 5 个工作日。'],
      ['推荐意见', '推荐如下对象。'],
    ])
      await page.getByLabel(label).fill(text);
    await page.getByLabel('署名单位（审核机关）').fill('华龙区评选工作领导小组办公室');
    await page.getByRole('button', { name: '保存报告' }).click();
    await page.getByRole('status').filter({ hasText: '报告已保存' }).waitFor();
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'county-report-1280.png'), fullPage: true });
    await page.reload();
    // the saved report is shown again (every part, not only the signature)
    await expect
      .poll(() => page.getByLabel('署名单位（审核机关）').inputValue())
      .toBe('华龙区评选工作领导小组办公室');
    expect(await page.getByLabel('组织情况').inputValue()).toBe('成立审核推荐工作小组。');
    const stored = await api('GET', '/api/regions/hualong/report', { token: t.tokens.city });
    expect(stored.body.report.signedBy).toBe('华龙区评选工作领导小组办公室');
  });
});
