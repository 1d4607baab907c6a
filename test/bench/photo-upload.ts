/**
 * `npm run bench:upload`: what a phone actually sends. Starts the local stack, opens the web
 * app in Chromium on a phone viewport, picks each photo fixture, lets the browser orient, crop,
 * resize and re-encode it, and prints the bytes of the file the app uploads against the
 * original's, and the time from "确认并上传" to the server's verdict on screen.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, PHONE } from '../e2e/browser.ts';
import { startLocalStack } from '../support/local-stack.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
const files = [
  'phone-portrait-blue-gps.jpg',
  'screenshot-blue.png',
  'id-photo-413x579.jpg',
  'phone-portrait-white-gps.jpg',
];

const { stack, stop } = await startLocalStack();
const browser = await launchChromium();
try {
  const page = await (await browser.newContext(PHONE)).newPage();
  // Note the size of the file the app hands to the upload request (the network body adds only the policy fields).
  await page.addInitScript(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body) {
      const file = body instanceof FormData ? body.get('file') : null;
      if (file instanceof Blob) (window as unknown as { uploadBytes: number }).uploadBytes = file.size;
      return send.call(this, body);
    };
    const post = window.fetch;
    window.fetch = (input, init) => {
      const file = init?.body instanceof FormData ? init.body.get('file') : null;
      if (file instanceof Blob) (window as unknown as { uploadBytes: number }).uploadBytes = file.size;
      return post(input, init);
    };
  });
  await page.goto(stack.baseUrl);
  const unit = stack.demo.find((a) => a.role === 'unit');
  await page.getByLabel('登录码').fill(unit?.code ?? '');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '新建先进工作者' }).click();
  await page.getByLabel('姓名', { exact: true }).fill('测试');
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('已保存').first().waitFor({ timeout: 15_000 });

  console.log(`photo upload from the web app (Chromium ${browser.version()}, 360×740 @3x)`);
  console.log(
    [
      'fixture'.padEnd(30),
      'original'.padStart(10),
      'uploaded'.padStart(10),
      'verdict'.padStart(9),
      'to verdict'.padStart(11),
    ].join(' '),
  );
  for (const file of files) {
    await page.getByLabel('选择或拍摄照片').setInputFiles(join(FIXTURES, file));
    const clicked = Date.now();
    await page.getByRole('button', { name: '确认并上传' }).click();
    const status = page.getByRole('status').filter({ hasText: /照片已通过审核|照片未通过审核/ });
    await status.first().waitFor({ timeout: 30_000 });
    const verdict = (await status.first().textContent())?.includes('已通过') ? 'accepted' : 'refused';
    const fileBytes = await page.evaluate(() => (window as unknown as { uploadBytes: number }).uploadBytes);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      [
        file.padEnd(30),
        kb(statSync(join(FIXTURES, file)).size).padStart(10),
        kb(fileBytes).padStart(10),
        verdict.padStart(9),
        `${Date.now() - clicked} ms`.padStart(11),
      ].join(' '),
    );
    // Let the page settle into its idle state before the next pick.
    await page.waitForTimeout(300);
  }
} finally {
  await browser.close();
  await stop();
}
