/**
 * What the package says about a nominee who went the whole way, on the real stack, read back with
 * real parsers: the 汇总表's 县（区） column, the 审批表's county box dated with the recommendation
 * and the city box filled by the vote, the county report signed by the organisation the county
 * named, and the nominee's stamped scans under 07-盖章扫描件, each in the manifest with its SHA-256.
 */
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { officialDate } from '#shared/text';
import type { TestCampaign } from '../support/campaigns.ts';
import { chinaToday, ok, REPORT, workerOnCityPublicity } from '../support/process.ts';
import { api } from '../support/stack.ts';
import { docxPart, docxText, readXlsx } from '../unit/documents/fixtures.ts';

let t: TestCampaign;
let zip: Record<string, Uint8Array>;
let manifest: { files: { path: string; bytes: number; sha256: string }[] };

beforeAll(async () => {
  ({ t } = await workerOnCityPublicity('冯真'));
  // the county names who signs its report, on its report page
  const saved = await ok(
    api('PUT', '/api/regions/hualong/report', {
      token: t.tokens.county,
      body: { ...REPORT, signedBy: '华龙区评选工作领导小组办公室' },
    }),
  );
  expect(saved.report.signedBy).toBe('华龙区评选工作领导小组办公室');
  const started = await ok(
    api('POST', '/api/exports', { token: t.tokens.city, body: { set: 'selected' } }),
    202,
  );
  for (;;) {
    const job = await ok(api('GET', `/api/exports/${started.exportId}`, { token: t.tokens.city }));
    if (job.status === 'failed') throw new Error(JSON.stringify(job));
    if (job.status === 'done') {
      zip = unzipSync(new Uint8Array(await (await fetch(job.url)).arrayBuffer()));
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json']));
}, 240_000);

describe('the export package’s fidelity', () => {
  it('gives the 汇总表 a 县（区） column', async () => {
    const ws = await readXlsx(zip['01-汇总表/先进工作者推荐汇总表.xlsx'] as Uint8Array);
    expect([ws.getCell('A3').value, ws.getCell('B3').value, ws.getCell('C3').value]).toEqual([
      '序号',
      '县（区）',
      '姓名',
    ]);
    expect([ws.getCell('A4').value, ws.getCell('B4').value, ws.getCell('C4').value]).toEqual([
      1,
      '华龙区',
      '冯真',
    ]);
  });

  it('fills the 审批表’s city box with the vote and dates the county’s box with the recommendation', () => {
    const text = docxText(
      docxPart(zip['03-审批表/华龙区/华龙区-华龙区财政局-冯真-审批表.docx'] as Uint8Array),
    );
    const county = text.slice(text.indexOf('审核意见'), text.indexOf('市评选'));
    expect(county).toContain(officialDate(chinaToday())); // the day the county recommended
    expect(county).not.toContain('2024年2月23日'); // the political review's date
    const city = text.slice(text.indexOf('小组意见'));
    expect(city).toContain('经市评选工作领导小组审议，同意评为先进工作者。');
    expect(city).toContain('2024年3月1日'); // the meeting
    expect(city).toContain('（盖章）');
  });

  it('signs the county report with the organisation the county named', () => {
    const text = docxText(docxPart(zip['05-审核推荐工作报告/华龙区-审核推荐工作报告.docx'] as Uint8Array));
    const lines = text.trim().split('\n');
    expect(lines.at(-2)).toBe('华龙区评选工作领导小组办公室');
  });

  it('carries the notice photo and the three opinions’ scans, each in the manifest', () => {
    const scans = manifest.files.filter((f) => f.path.startsWith('07-盖章扫描件/')).map((f) => f.path);
    expect(scans).toEqual([
      '07-盖章扫描件/华龙区/华龙区财政局-冯真-单位公示照片.jpg',
      '07-盖章扫描件/华龙区/华龙区财政局-冯真-组织人事意见.jpg',
      '07-盖章扫描件/华龙区/华龙区财政局-冯真-纪检监察意见.jpg',
      '07-盖章扫描件/华龙区/华龙区财政局-冯真-公安意见.jpg',
    ]);
    for (const f of manifest.files.filter((x) => scans.includes(x.path))) {
      const bytes = zip[f.path] as Uint8Array;
      expect([bytes[0], bytes[1]], f.path).toEqual([0xff, 0xd8]);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
  });
});
