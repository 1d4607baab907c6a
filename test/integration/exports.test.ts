import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { recordExportJob } from '../support/exports.ts';
import { collectiveForm, idNumber, workerForm } from '../support/forms.ts';
import { api, ddb, stack, verifyAudit } from '../support/stack.ts';

let t: TestCampaign;
const made: { id: string; region: string }[] = [];

/** Put a nomination in a state as the steps would have left it (the steps are tested elsewhere). */
async function inState(id: string, region: string, status: string) {
  await ddb.send(
    new UpdateCommand({
      TableName: stack.table,
      Key: { pk: `NOM#${id}`, sk: 'NOM' },
      UpdateExpression: 'SET #s = :s, gsi2sk = :g, regionId = :r, submittedAt = :at',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':s': status,
        ':g': `${region}#${status}#${id}`,
        ':r': region,
        ':at': '2024-02-22T02:00:00.000Z',
      },
    }),
  );
}

beforeAll(async () => {
  t = await newCampaign();
  const years = t.campaign.assessmentYears;
  for (const [category, region, name] of [
    ['worker', 'hualong', '甲'],
    ['worker', 'fanxian', '乙'],
    ['collective', 'hualong', '丙单位'],
  ] as const) {
    const form = category === 'worker' ? workerForm(years, { name }) : collectiveForm({ unitName: name });
    const id = (await api('POST', '/api/nominations', { token: t.tokens.unit, body: { category, form } }))
      .body.id;
    await inState(id, region, 'recommended');
    made.push({ id, region });
  }
}, 60_000);

async function runExport(token: string, body: Record<string, unknown>) {
  const started = await api('POST', '/api/exports', { token, body });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const r = await api('GET', `/api/exports/${started.body.exportId}`, { token });
    expect(r.status).toBe(200);
    if (r.body.status === 'done') return r.body;
    if (r.body.status === 'failed' || Date.now() > deadline)
      throw new Error(`export ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

describe('exports as jobs', () => {
  it('streams the city office’s full package into S3 with a manifest whose hashes match', async () => {
    const job = await runExport(t.tokens.city, { set: 'recommended' });
    expect(job.progress).toEqual({ done: 3, total: 3 });
    // the link is served through the app's own /s3 path and names the file in UTF-8 (RFC 5987)
    expect(job.url.startsWith(`${stack.baseUrl}/s3/`)).toBe(true);
    expect(job.fileName).toBe('全市-评选材料.zip');
    const got = await fetch(job.url);
    const disposition = got.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="pingxuan-export-[0-9A-Z]{26}\.zip"; /);
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')).toBe(
      '全市-评选材料.zip',
    );
    const zip = unzipSync(new Uint8Array(await got.arrayBuffer()));
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json']));
    expect(manifest.auditHeadHash).toBe(job.auditHeadHash);
    for (const f of manifest.files) {
      expect(
        createHash('sha256')
          .update(zip[f.path] as Uint8Array)
          .digest('hex'),
        f.path,
      ).toBe(f.sha256);
    }
    const names = Object.keys(zip);
    expect(names.some((n) => n.includes('华龙区') && n.endsWith('审批表.docx'))).toBe(true);
    expect(names.some((n) => n.includes('范县'))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(zip['01-汇总表/先进工作者推荐汇总表.xlsx'] as Uint8Array) as never);
    const text = JSON.stringify(book.worksheets[0]?.getSheetValues());
    expect(text).toContain('甲');
    expect(text).toContain('乙');
    // The 审批表 carries the whole ID number (decrypted for the export only).
    const form = names.find((n) => n.endsWith('甲-审批表.docx')) as string;
    const xml = new TextDecoder().decode(unzipSync(zip[form] as Uint8Array)['word/document.xml']);
    expect(xml).toContain(idNumber('19850615', '男'));
  }, 180_000);

  it('limits a county to its own region', async () => {
    const job = await runExport(t.tokens.county, { set: 'recommended', regionId: 'fanxian' });
    expect(job.regionId).toBe('hualong');
    const zip = unzipSync(new Uint8Array(await (await fetch(job.url)).arrayBuffer()));
    expect(Object.keys(zip).some((n) => n.includes('范县'))).toBe(false);
    expect(job.progress.total).toBe(2);
  }, 180_000);

  it('ends a job whose upload fails as failed, not stuck at running', async () => {
    // the export function itself, run here against a bucket that does not exist
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: stack.s3Endpoint,
      EXPORTS_BUCKET: 'no-such-bucket',
      RECORDS_BUCKET: stack.buckets.records,
    });
    const { runExport: run } = await import('#lib/export-run');
    const exportId = await recordExportJob(t.campaign.id, 'queued');
    await run(t.campaign.id, exportId);
    const r = await api('GET', `/api/exports/${exportId}`, { token: t.tokens.city });
    expect(r.body).toMatchObject({ status: 'failed', error: expect.stringContaining('导出失败') });
  });

  it('records every export in the history, and refuses units', async () => {
    expect(
      (await api('POST', '/api/exports', { token: t.tokens.unit, body: { set: 'recommended' } })).status,
    ).toBe(403);
    const bad = await api('POST', '/api/exports', { token: t.tokens.city, body: { set: 'everything' } });
    expect(bad.status).toBe(400);
    const report = await verifyAudit(t.tokens.auditor);
    expect(report.breaks.filter((b: { chain: string }) => b.chain.startsWith('EXPORT#'))).toEqual([]);
    expect(report.chains).toBeGreaterThan(3);
  });
});
