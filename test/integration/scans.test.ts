import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCAN_MAX_BYTES } from '#shared/scan-rules';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { collectiveForm, workerForm } from '../support/forms.ts';
import {
  handWrittenPdf,
  htmlNamedPdf,
  phonePhotoOfPaper,
  SECRETS,
  scannerAppPdf,
} from '../support/scan-fixtures.ts';
import { api, chainEvents, postUpload, s3, stack } from '../support/stack.ts';

const PAST_NOTICE = '2024-02-08'; // its 5 working days ended on 2024-02-21

let t: TestCampaign;
let phonePhoto: Buffer;

beforeAll(async () => {
  t = await newCampaign();
  phonePhoto = await phonePhotoOfPaper(3000, 4000);
}, 120_000);

async function ok(r: Promise<{ status: number; body: any }>, status = 200) {
  const a = await r;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
}

/**
 * A unit's nomination whose publicity (posted 2024-02-08, over since) is running: where the notice
 * is uploaded. Entered after it was posted, it started with a first photo of the notice as evidence.
 */
async function inPublicity(category: 'worker' | 'collective' = 'worker'): Promise<string> {
  const form = category === 'worker' ? workerForm(t.campaign.assessmentYears) : collectiveForm();
  const id = (
    await ok(api('POST', '/api/nominations', { token: t.tokens.unit, body: { category, form } }), 201)
  ).id;
  await ok(
    api('PUT', `/api/nominations/${id}/unit-recommendation`, {
      token: t.tokens.unit,
      body: {
        democratic: { date: '2024-01-05', voters: 30, votesFor: 28 },
        leadershipDecisionDate: '2024-01-06',
      },
    }),
  );
  const evidence = await uploadScan(t.tokens.unit, id, 'notice', phonePhoto, 'image/jpeg');
  const started = await ok(
    api('POST', `/api/nominations/${id}/unit-publicity`, {
      token: t.tokens.unit,
      body: { postedOn: PAST_NOTICE, noticeScanId: evidence.scanId },
    }),
  );
  expect(started.status).toBe('unit_publicity');
  return id;
}

/** Ask for an upload address, upload straight to S3 as the phone does, and wait for the verdict. */
async function uploadScan(
  token: string,
  id: string,
  purpose: string,
  bytes: Uint8Array,
  contentType: string,
) {
  const ask = await ok(
    api('POST', `/api/nominations/${id}/scans`, { token, body: { purpose, contentType } }),
    201,
  );
  expect(ask.upload.fields.key).toBe(`scans/${id}/${ask.scanId}`);
  expect(ask.upload.fields['Content-Type']).toBe(contentType);
  expect(ask.maxBytes).toBe(SCAN_MAX_BYTES);
  expect(await postUpload(ask.upload, bytes, contentType)).toBe(204);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { scans } = await ok(api('GET', `/api/nominations/${id}/scans`, { token }));
    const scan = scans.find((s: { scanId: string }) => s.scanId === ask.scanId);
    expect(scan).toBeDefined();
    if (scan.status !== 'pending') return scan;
    if (Date.now() > deadline) throw new Error(`no verdict for scan ${ask.scanId}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stored(id: string, scanId: string, extension: 'jpg' | 'pdf') {
  const out = await s3.send(
    new GetObjectCommand({
      Bucket: stack.buckets.records,
      Key: `scans/${t.campaign.id}/${id}/${scanId}.${extension}`,
    }),
  );
  const body = Buffer.from(
    await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
  return { body, contentType: out.ContentType };
}

async function uploadsLeft(id: string): Promise<number> {
  const out = await s3.send(
    new ListObjectsV2Command({ Bucket: stack.buckets.uploads, Prefix: `scans/${id}/` }),
  );
  return out.KeyCount ?? 0;
}

const noticeScanIdOf = async (id: string) =>
  (await ok(api('GET', `/api/nominations/${id}`, { token: t.tokens.unit }))).process.unitPublicity
    .noticeScanId;

describe('the photo of the posted notice, uploaded straight to S3', () => {
  let id: string;
  let photoScanId: string;
  beforeAll(async () => {
    id = await inPublicity();
  });

  it('accepts a phone photo: stored upright with no metadata, raw upload deleted, noticeScanId set', async () => {
    const evidence = await noticeScanIdOf(id);
    const scan = await uploadScan(t.tokens.unit, id, 'notice', phonePhoto, 'image/jpeg');
    photoScanId = scan.scanId;
    expect(scan).toMatchObject({
      purpose: 'notice',
      status: 'accepted',
      kind: 'image',
      width: 1860,
      height: 2480,
    });
    expect(await noticeScanIdOf(id)).toBe(scan.scanId);

    const { body, contentType } = await stored(id, scan.scanId, 'jpg');
    expect(contentType).toBe('image/jpeg');
    expect(body.length).toBe(scan.bytes);
    const meta = await sharp(body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1860, 2480]);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(body.includes(SECRETS.make)).toBe(false);
    expect(await uploadsLeft(id)).toBe(0);

    const link = await fetch(scan.url);
    expect(link.status).toBe(200);
    expect(Buffer.from(await link.arrayBuffer()).equals(body)).toBe(true);

    const events = await chainEvents(`NOM#${id}`);
    // the newest: the publicity started with a first photo as its evidence
    const started = events.findLast((e) => e.action === 'scan.upload_started');
    const accepted = events.findLast((e) => e.action === 'scan.accepted');
    expect(started?.changes).toEqual([{ field: 'scans.notice', before: null, after: scan.scanId }]);
    expect(accepted?.actor).toEqual({ accountId: 'scan-processor', role: 'system' });
    expect(accepted?.changes).toContainEqual({
      field: 'unitPublicity.noticeScanId',
      before: evidence,
      after: scan.scanId,
    });
  });

  it('accepts a PDF notice: stored as a clean PDF, and it becomes the notice on file', async () => {
    const scan = await uploadScan(t.tokens.unit, id, 'notice', await scannerAppPdf(), 'application/pdf');
    expect(scan).toMatchObject({ status: 'accepted', kind: 'pdf', pages: 1 });
    expect(await noticeScanIdOf(id)).toBe(scan.scanId);
    const { body, contentType } = await stored(id, scan.scanId, 'pdf');
    expect(contentType).toBe('application/pdf');
    const text = body.toString('latin1');
    for (const gone of ['/Info', '/Metadata', SECRETS.author, SECRETS.producer, SECRETS.make]) {
      expect(text.includes(gone), gone).toBe(false);
    }
    expect((await PDFDocument.load(body)).getPageCount()).toBe(1);
    expect(await uploadsLeft(id)).toBe(0);
  });

  it('refuses an HTML page named .pdf with a Chinese reason, keeping nothing and the notice unchanged', async () => {
    const before = await noticeScanIdOf(id);
    const scan = await uploadScan(t.tokens.unit, id, 'notice', htmlNamedPdf(), 'application/pdf');
    expect(scan).toMatchObject({ status: 'refused', reasonCode: 'not_scan' });
    expect(scan.reason).toMatch(/网页.*不是 PDF/);
    expect(scan.url).toBeUndefined();
    expect(await noticeScanIdOf(id)).toBe(before);
    expect(await uploadsLeft(id)).toBe(0);
    await expect(
      s3.send(
        new HeadObjectCommand({
          Bucket: stack.buckets.records,
          Key: `scans/${t.campaign.id}/${id}/${scan.scanId}.pdf`,
        }),
      ),
    ).rejects.toThrow();
  });

  it('lists every version newest first, with links only to accepted ones', async () => {
    const { scans } = await ok(api('GET', `/api/nominations/${id}/scans`, { token: t.tokens.unit }));
    // newest first; the last is the evidence the publicity started with
    expect(scans.map((s: { status: string }) => s.status)).toEqual([
      'refused',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(scans.at(-2).scanId).toBe(photoScanId);
    expect(scans.map((s: { url?: string }) => !!s.url)).toEqual([false, true, true, true]);
    // The auditors see them too (the read is logged); the reviewers not before it is submitted.
    expect(
      (await ok(api('GET', `/api/nominations/${id}/scans`, { token: t.tokens.auditor }))).scans,
    ).toHaveLength(4);
    for (const token of [t.tokens.county, t.tokens.city]) {
      expect((await api('GET', `/api/nominations/${id}/scans`, { token })).status).toBe(404);
    }
  });
});

describe('who may upload which scan', () => {
  let id: string;
  beforeAll(async () => {
    id = await inPublicity();
  });
  const ask = (token: string, body: unknown, nomination = id) =>
    api('POST', `/api/nominations/${nomination}/scans`, { token, body });

  it('refuses the unit an opinion upload, with a Chinese reason', async () => {
    const unit = await ask(t.tokens.unit, { purpose: 'opinion-police', contentType: 'application/pdf' });
    expect(unit.status).toBe(403);
    expect(unit.body.error.message).toMatch(/公安部门意见.*县（区）审核/);
  });

  it('answers the county 404 for any upload before the nomination is submitted (it is the unit’s own)', async () => {
    for (const purpose of ['notice', 'opinion-personnel']) {
      const r = await ask(t.tokens.county, { purpose, contentType: 'image/jpeg' });
      expect(r.status, purpose).toBe(404);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('refuses an unknown purpose or content type, naming the field', async () => {
    const purpose = await ask(t.tokens.unit, { purpose: 'photo', contentType: 'image/jpeg' });
    expect([purpose.status, purpose.body.error.field]).toEqual([400, 'purpose']);
    const type = await ask(t.tokens.unit, { purpose: 'notice', contentType: 'text/html' });
    expect([type.status, type.body.error.field]).toEqual([400, 'contentType']);
  });

  it('answers 404 to another unit, for uploads and for the list', async () => {
    expect((await ask(t.tokens.unit2, { purpose: 'notice', contentType: 'image/jpeg' })).status).toBe(404);
    expect((await api('GET', `/api/nominations/${id}/scans`, { token: t.tokens.unit2 })).status).toBe(404);
    expect((await ask(t.tokens.unit, { purpose: 'notice', contentType: 'image/jpeg' }, ulid())).status).toBe(
      404,
    );
  });

  it('handed nothing out for the refused requests', async () => {
    const { scans } = await ok(api('GET', `/api/nominations/${id}/scans`, { token: t.tokens.unit }));
    // only the photo the publicity started with
    expect(scans.map((s: { purpose: string }) => s.purpose)).toEqual(['notice']);
  });

  it('refuses a notice once the publicity is over', async () => {
    await uploadScan(t.tokens.unit, id, 'notice', handWrittenPdf(), 'application/pdf');
    await ok(
      api('POST', `/api/nominations/${id}/unit-publicity/close`, {
        token: t.tokens.unit,
        body: { outcome: 'no_objection' },
      }),
    );
    const r = await ask(t.tokens.unit, { purpose: 'notice', contentType: 'image/jpeg' });
    expect(r.status).toBe(409);
  });
});

describe('the stamped opinion scans and the opinion step', () => {
  let id: string;
  let noticeId: string;
  beforeAll(async () => {
    id = await inPublicity('collective');
    noticeId = (await uploadScan(t.tokens.unit, id, 'notice', phonePhoto, 'image/jpeg')).scanId;
    await ok(
      api('POST', `/api/nominations/${id}/unit-publicity/close`, {
        token: t.tokens.unit,
        body: { outcome: 'no_objection' },
      }),
    );
    expect((await ok(api('POST', `/api/nominations/${id}/submit`, { token: t.tokens.unit }))).status).toBe(
      'submitted',
    );
  });

  const opinion = (department: string, scanId: string) =>
    api('PUT', `/api/nominations/${id}/opinions/${department}`, {
      token: t.tokens.county,
      body: {
        conclusion: '同意推荐',
        favourable: true,
        text: '经查，未发现违法犯罪记录',
        date: '2024-02-26',
        docNumber: '华公〔2024〕3号',
        scanId,
      },
    });

  it('takes the county’s PDF of the police opinion, and the opinion step accepts only that scan', async () => {
    const scan = await uploadScan(
      t.tokens.county,
      id,
      'opinion-police',
      await scannerAppPdf(),
      'application/pdf',
    );
    expect(scan).toMatchObject({ purpose: 'opinion-police', status: 'accepted', kind: 'pdf' });
    expect(await noticeScanIdOf(id)).toBe(noticeId); // an opinion is not the notice

    for (const [department, scanId] of [
      ['police', noticeId], // the unit's notice
      ['personnel', scan.scanId], // another department's scan
      ['police', ulid()], // no such scan
    ] as const) {
      const r = await opinion(department, scanId);
      expect(r.status, `${department} ${scanId}`).toBe(400);
      expect(r.body.error).toMatchObject({ field: 'scanId', code: 'scan_not_accepted' });
      expect(r.body.error.message).toMatch(/盖章扫描件/);
    }
    const recorded = await ok(opinion('police', scan.scanId));
    expect(recorded.process.opinions.police.scanId).toBe(scan.scanId);
  });

  it('refuses an HTML page as an opinion scan, and the opinion step refuses that scan', async () => {
    const scan = await uploadScan(
      t.tokens.county,
      id,
      'opinion-discipline',
      htmlNamedPdf(),
      'application/pdf',
    );
    expect(scan).toMatchObject({ status: 'refused', reasonCode: 'not_scan' });
    const r = await opinion('discipline', scan.scanId);
    expect([r.status, r.body.error.field]).toEqual([400, 'scanId']);
  });
});
