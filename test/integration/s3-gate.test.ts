/**
 * The S3 emulator behind the local API port keeps the cloud's promises: every attack of the
 * adversarial run is refused with S3's XML errors, and the app's own uploads and links still
 * work, from the loopback and from a LAN address (the Host header the link was signed for).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { workerForm } from '../support/forms.ts';
import { api, postUpload, s3, stack, tokenFor, waitForVerdict } from '../support/stack.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
const CAMPAIGN = '01HMB7Z4Q1PYCZ2024YKT00001';
const EXPORT_KEY = 'exports/01HMB7Z4Q1PYCZ2024YKT00001/01HMB7Z4Q1PYCZ2024YKT0000X/华龙区-评选材料.zip';
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
/** A client signing as the handlers do, for the address a browser uses. */
const signer = (endpoint = `${stack.baseUrl}/s3`) =>
  new S3Client({ endpoint, region: 'cn-north-1', credentials, forcePathStyle: true });

/** A link to the export object, as GET /api/exports/{id} signs it. */
const exportLink = () =>
  getSignedUrl(signer(), new GetObjectCommand({ Bucket: stack.buckets.exports, Key: EXPORT_KEY }), {
    expiresIn: 300,
  });

let unit: string;
let years: number[];

beforeAll(async () => {
  unit = await tokenFor('unit', { index: 0 });
  years = (await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: unit })).body.campaign.assessmentYears;
  await s3.send(
    new PutObjectCommand({ Bucket: stack.buckets.exports, Key: EXPORT_KEY, Body: 'PK 身份证号 手机号' }),
  );
});

async function newWorker(): Promise<string> {
  const r = await api('POST', '/api/nominations', {
    token: unit,
    body: { category: 'worker', form: workerForm(years) },
  });
  return r.body.id as string;
}

async function photoGrant(nominationId: string, contentType = 'image/jpeg') {
  const r = await api('POST', `/api/nominations/${nominationId}/photo`, {
    token: unit,
    body: { contentType },
  });
  expect(r.status).toBe(201);
  return r.body as { photoId: string; upload: { url: string; fields: Record<string, string> } };
}

/** An S3 error's status and code. */
async function s3Error(r: Response): Promise<{ status: number; code: string }> {
  const text = await r.text();
  expect(r.headers.get('content-type')).toMatch(/xml/);
  return { status: r.status, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? text };
}

async function uploadExists(key: string): Promise<boolean> {
  return s3
    .send(new HeadObjectCommand({ Bucket: stack.buckets.uploads, Key: key }))
    .then(() => true)
    .catch(() => false);
}

/** A raw GET with a Host header of our choosing (fetch may not set one). */
function getWithHost(url: string, host: string): Promise<number> {
  const u = new URL(url);
  const target = new URL(stack.baseUrl);
  return new Promise((ok, fail) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: `${u.pathname}${u.search}`, headers: { host } },
      (res) => {
        res.resume();
        res.on('end', () => ok(res.statusCode ?? 0));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

describe('reading through the gate', () => {
  it('lists nothing, signed or not', async () => {
    for (const path of ['/s3/', `/s3/${stack.buckets.exports}`, `/s3/${stack.buckets.exports}/?list-type=2`])
      expect(await s3Error(await fetch(`${stack.baseUrl}${path}`))).toEqual({
        status: 403,
        code: 'AccessDenied',
      });
  });

  it('refuses an anonymous GET of an export, and serves a signed one', async () => {
    const path = `/s3/${stack.buckets.exports}/${EXPORT_KEY.split('/').map(encodeURIComponent).join('/')}`;
    expect(await s3Error(await fetch(`${stack.baseUrl}${path}`))).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    const url = await exportLink();
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('PK 身份证号 手机号');
  });

  it('refuses a tampered signature, another key under a signature, and an expired link', async () => {
    const url = await exportLink();
    const sig = /X-Amz-Signature=([0-9a-f]+)/.exec(url)?.[1] as string;
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    expect(await s3Error(await fetch(url.replace(sig, flipped)))).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(await s3Error(await fetch(url.replace('.zip', '.ZIP')))).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(await s3Error(await fetch(url.replace('X-Amz-Expires=300', 'X-Amz-Expires=3000')))).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const old = await getSignedUrl(
      signer(),
      new GetObjectCommand({ Bucket: stack.buckets.exports, Key: EXPORT_KEY }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 10 * 60_000),
      },
    );
    expect(await s3Error(await fetch(old))).toEqual({ status: 403, code: 'AccessDenied' });
  });

  it('checks the signed host: a link signed for the LAN address works there, not under another host', async () => {
    const port = new URL(stack.baseUrl).port;
    const lan = `192.168.1.23:${port}`;
    const url = await getSignedUrl(
      signer(`http://${lan}/s3`),
      new GetObjectCommand({ Bucket: stack.buckets.exports, Key: EXPORT_KEY }),
      { expiresIn: 300 },
    );
    expect(await getWithHost(url, lan)).toBe(200);
    expect(await getWithHost(url, `evil.example:${port}`)).toBe(403);
  });
});

describe('uploading through the gate', () => {
  it('takes the app’s own upload, and serves the kept photo by its link', async () => {
    const id = await newWorker();
    const grant = await photoGrant(id);
    const status = await postUpload(
      grant.upload,
      readFileSync(join(FIXTURES, 'id-photo-413x579.jpg')),
      'image/jpeg',
    );
    expect(status).toBe(204);
    const { verdict, nomination } = await waitForVerdict(unit, id, grant.photoId);
    expect(verdict).toMatchObject({ status: 'accepted', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const link = await fetch(nomination.photoUrl);
    expect(link.status).toBe(200);
    expect(link.headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses an anonymous PUT over a stored photo', async () => {
    const key = `photos/${CAMPAIGN}/01HMB7Z4Q1PYCZ2024YKT0000Y/01HMB7Z4Q1PYCZ2024YKT0000Z.jpg`;
    await s3.send(new PutObjectCommand({ Bucket: stack.buckets.records, Key: key, Body: 'original' }));
    const r = await fetch(`${stack.baseUrl}/s3/${stack.buckets.records}/${key}`, {
      method: 'PUT',
      body: 'replaced',
    });
    expect(await s3Error(r)).toEqual({ status: 403, code: 'AccessDenied' });
    const del = await fetch(`${stack.baseUrl}/s3/${stack.buckets.records}/${key}`, { method: 'DELETE' });
    expect(del.status).toBe(403);
    const kept = await s3.send(new GetObjectCommand({ Bucket: stack.buckets.records, Key: key }));
    expect(await kept.Body?.transformToString()).toBe('original');
  });

  it('refuses a POST carrying only a key (another unit’s upload key)', async () => {
    const grant = await photoGrant(await newWorker());
    const form = new FormData();
    form.append('key', grant.upload.fields.key as string);
    form.append(
      'file',
      new Blob([readFileSync(join(FIXTURES, 'id-photo-413x579.jpg'))], { type: 'image/jpeg' }),
    );
    const r = await fetch(grant.upload.url, { method: 'POST', body: form });
    expect(await s3Error(r)).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await uploadExists(grant.upload.fields.key as string)).toBe(false);
  });

  it('refuses a grant used with another key, another content type, an extra field, or a forged signature', async () => {
    const grant = await photoGrant(await newWorker());
    const bytes = readFileSync(join(FIXTURES, 'id-photo-413x579.jpg'));
    const attempts: Record<string, string>[] = [
      { ...grant.upload.fields, key: `photos/01HMB7Z4Q1PYCZ2024YKT0000Y/${grant.photoId}` },
      { ...grant.upload.fields, 'Content-Type': 'text/html' },
      { ...grant.upload.fields, 'x-amz-meta-owner': 'someone' },
      { ...grant.upload.fields, 'X-Amz-Signature': '0'.repeat(64) },
    ];
    const codes: string[] = [];
    for (const fields of attempts) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('file', new Blob([bytes], { type: 'image/jpeg' }));
      const r = await fetch(grant.upload.url, { method: 'POST', body: form });
      const e = await s3Error(r);
      expect(e.status).toBe(403);
      codes.push(e.code);
    }
    expect(codes).toEqual(['AccessDenied', 'AccessDenied', 'AccessDenied', 'SignatureDoesNotMatch']);
    expect(await uploadExists(grant.upload.fields.key as string)).toBe(false);
  });

  it('enforces the policy’s size range on the file’s actual size, and its expiration', async () => {
    const post = (Expires: number) =>
      createPresignedPost(signer(), {
        Bucket: stack.buckets.uploads,
        Key: 'photos/01HMB7Z4Q1PYCZ2024YKT0000Y/01HMB7Z4Q1PYCZ2024YKT0000W',
        Conditions: [
          ['content-length-range', 10, 100],
          ['eq', '$Content-Type', 'image/jpeg'],
        ],
        Fields: { 'Content-Type': 'image/jpeg' },
        Expires,
      });
    const send = async (upload: { url: string; fields: Record<string, string> }, size: number) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
      form.append('file', new Blob([new Uint8Array(size)], { type: 'image/jpeg' }));
      return fetch(upload.url, { method: 'POST', body: form });
    };
    const upload = await post(600);
    expect(await s3Error(await send(upload, 101))).toEqual({ status: 400, code: 'EntityTooLarge' });
    expect(await s3Error(await send(upload, 9))).toEqual({ status: 400, code: 'EntityTooSmall' });
    expect(await s3Error(await send(await post(-60), 50))).toEqual({ status: 403, code: 'AccessDenied' });
    expect((await send(upload, 100)).status).toBe(204);
  });
});

describe('CORS and integrity', () => {
  it('answers the web origin only', async () => {
    const url = await exportLink();
    const preflight = (origin: string) =>
      fetch(`${stack.baseUrl}/s3/${stack.buckets.uploads}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const foreign = await preflight('http://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const own = await preflight(stack.baseUrl);
    expect(own.status).toBe(204);
    expect(own.headers.get('access-control-allow-origin')).toBe(stack.baseUrl);
    const read = await fetch(url, { headers: { origin: 'http://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a kept photo whose bytes no longer match the SHA-256 recorded for its version', async () => {
    const id = await newWorker();
    const grant = await photoGrant(id);
    await postUpload(grant.upload, readFileSync(join(FIXTURES, 'id-photo-413x579.jpg')), 'image/jpeg');
    const { nomination } = await waitForVerdict(unit, id, grant.photoId);
    expect((await fetch(nomination.photoUrl)).status).toBe(200);
    // someone with the emulator's files swaps the bytes behind the app's back
    const swapped = readFileSync(join(FIXTURES, 'phone-portrait-blue-gps.jpg'));
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.buckets.records,
        Key: `photos/${CAMPAIGN}/${id}/${grant.photoId}.jpg`,
        Body: swapped,
        ContentType: 'image/jpeg',
      }),
    );
    expect(await s3Error(await fetch(nomination.photoUrl))).toEqual({
      status: 500,
      code: 'ObjectIntegrityMismatch',
    });
  });
});
