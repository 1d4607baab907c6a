import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumber } from '../support/forms.ts';
import { demoCode, stack } from '../support/stack.ts';
import { launchChromium, PHONE } from './browser.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await (await browser.newContext(PHONE)).newPage();
});
afterAll(async () => {
  await browser?.close();
});

async function pick(p: Page, label: string, value: string) {
  await p.getByLabel(label, { exact: true }).selectOption(value);
}

describe('a unit on a phone', () => {
  it('logs in and sees its campaign and quota', async () => {
    await page.goto(stack.baseUrl);
    await page.getByLabel('登录码').fill(demoCode('unit', { index: 1 }));
    await page.getByRole('button', { name: '登录' }).click();
    await expect
      .poll(() => page.getByText('濮人社函〔2024〕2号').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await page.getByText(/先进工作者/).count()).toBeGreaterThan(0);
  });

  it('fills in the worker form, is told in Chinese what is wrong, and saves', async () => {
    await page.getByRole('button', { name: '新建先进工作者' }).click();
    await page.getByLabel('姓名', { exact: true }).fill('孙丽');
    await page.getByLabel('身份证号').fill('410902198506151230');
    await page.getByLabel('身份证号').blur();
    await expect.poll(() => page.getByText(/校验位不正确/).count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.getByLabel('身份证号').fill(idNumber('19880312', '女'));
    await pick(page, '性别', '女');
    await pick(page, '民族', '回族');
    await page.getByLabel('出生年月').fill('1988-04');
    await page.getByLabel('出生年月').blur();
    await expect
      .poll(() => page.getByText(/出生年月与身份证号不一致/).count(), { timeout: 5_000 })
      .toBeGreaterThan(0);
    await page.getByLabel('出生年月').fill('1988-03');
    await page.getByLabel('出生年月').blur();
    await pick(page, '政治面貌', '中共党员');
    await page.getByLabel('参加工作时间').fill('2010-07');
    await pick(page, '学历', '大学本科');
    await page.getByLabel('工作单位及职务').fill('华龙区人力资源和社会保障局 社保科科员');
    await pick(page, '个人身份', '公务员');
    await page.getByLabel('联系电话').fill('13903931234');
    for (const select of await page.getByLabel(/\d{4}年度考核结果/).all())
      await select.selectOption('称职(合格)');
    await page.getByLabel('近五年无违法违纪问题').check();
    await page.getByLabel('主要事迹').fill('扎实做好惠民惠农财政补贴资金“一卡通”发放管理工作。');
    await page.getByLabel('事迹简介').fill('扎实做好“一卡通”发放管理。');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByText('已保存').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByText(/校验位不正确|不一致/).count()).toBe(0);
  });

  it('uploads the blue-background phone photo and sees it accepted', async () => {
    await page.getByLabel('选择或拍摄照片').setInputFiles(join(FIXTURES, 'phone-portrait-blue-gps.jpg'));
    await page.getByRole('button', { name: '确认并上传' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: '照片已通过审核' }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByAltText('已通过审核的照片').count(), { timeout: 10_000 }).toBe(1);
  });

  it('uploads the white-background photo and sees the refusal and its reason', async () => {
    await page.getByLabel('选择或拍摄照片').setInputFiles(join(FIXTURES, 'phone-portrait-white-gps.jpg'));
    await page.getByRole('button', { name: '确认并上传' }).click();
    await expect
      .poll(
        () =>
          page
            .getByRole('status')
            .filter({ hasText: /未通过审核.*蓝/ })
            .count(),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
  });

  it('fits a 360 px screen: nothing scrolls sideways', async () => {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
