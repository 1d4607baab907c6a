import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { definitionFile, oneInchWhitePhoto } from '../support/definitions.ts';
import { workerForm } from '../support/forms.ts';
import { api, postUpload, s3, stack, tokenFor, waitForVerdict } from '../support/stack.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
const CAMPAIGN = '01HMB7Z4Q1PYCZ2024YKT00001';
let unit: string;
let years: number[];

beforeAll(async () => {
  unit = await tokenFor('unit', { index: 0 });
  years = (await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: unit })).body.campaign.assessmentYears;
});

async function newWorker(token = unit, assessmentYears = years): Promise<string> {
  const r = await api('POST', '/api/nominations', {
    token,
    body: { category: 'worker', form: workerForm(assessmentYears) },
  });
  return r.body.id as string;
}

/** Ask for a presigned POST and upload the file straight to it, bypassing any browser resize. */
async function uploadDirect(nominationId: string, file: string, contentType: string, token = unit) {
  const ask = await api('POST', `/api/nominations/${nominationId}/photo`, {
    token,
    body: { contentType },
  });
  expect(ask.status).toBe(201);
  expect(ask.body.upload.fields.key).toBe(`photos/${nominationId}/${ask.body.photoId}`);
  const status = await postUpload(ask.body.upload, readFileSync(join(FIXTURES, file)), contentType);
  expect(status).toBe(204);
  return {
    photoId: ask.body.photoId as string,
    ...(await waitForVerdict(token, nominationId, ask.body.photoId)),
  };
}

async function storedPhoto(nominationId: string, photoId: string, campaignId = CAMPAIGN): Promise<Buffer> {
  const key = `photos/${campaignId}/${nominationId}/${photoId}.jpg`;
  const out = await s3.send(new GetObjectCommand({ Bucket: stack.buckets.records, Key: key }));
  return Buffer.from(
    await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

async function uploadsLeft(nominationId: string): Promise<number> {
  const out = await s3.send(
    new ListObjectsV2Command({ Bucket: stack.buckets.uploads, Prefix: `photos/${nominationId}/` }),
  );
  return out.KeyCount ?? 0;
}

describe('every photo fixture gets its outcome when uploaded straight to S3', () => {
  const accepted: [string, string][] = [
    ['phone-portrait-blue-gps.jpg', 'image/jpeg'],
    ['id-photo-413x579.jpg', 'image/jpeg'],
    ['screenshot-blue.png', 'image/png'],
  ];
  for (const [file, type] of accepted) {
    it(`accepts ${file}: stored 413×579 JPEG, upright, with no metadata; raw upload deleted`, async () => {
      const id = await newWorker();
      const { photoId, verdict, nomination } = await uploadDirect(id, file, type);
      expect(verdict).toMatchObject({ status: 'accepted', width: 413, height: 579 });
      expect(nomination.photo.status).toBe('accepted');
      expect(nomination.photoUrl).toContain(`${photoId}.jpg`);
      const bytes = await storedPhoto(id, photoId);
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 413, height: 579 });
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation ?? 1).toBe(1);
      expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
      expect(await uploadsLeft(id)).toBe(0);
      const link = await fetch(nomination.photoUrl);
      expect(link.status).toBe(200);
    });
  }

  const refused: [string, string, string, RegExp][] = [
    ['phone-portrait-white-gps.jpg', 'image/jpeg', 'wrong_background', /背景应为蓝色/],
    ['too-small-200x280.jpg', 'image/jpeg', 'too_small', /200×280|200 ?× ?280|过小|太小/],
    ['not-an-image.jpg', 'image/jpeg', 'not_image', /图片|照片/],
  ];
  for (const [file, type, code, reason] of refused) {
    it(`refuses ${file} (${code}) with a Chinese reason and keeps nothing of it`, async () => {
      const id = await newWorker();
      const { photoId, verdict, nomination } = await uploadDirect(id, file, type);
      expect(verdict, JSON.stringify(verdict)).toMatchObject({ status: 'refused', reasonCode: code });
      expect(verdict.reason).toMatch(reason);
      expect(nomination.photo).toMatchObject({ photoId, status: 'refused' });
      expect(nomination.photoUrl).toBeUndefined();
      expect(await uploadsLeft(id)).toBe(0);
      await expect(
        s3.send(
          new HeadObjectCommand({
            Bucket: stack.buckets.records,
            Key: `photos/${CAMPAIGN}/${id}/${photoId}.jpg`,
          }),
        ),
      ).rejects.toThrow();
    });
  }
});

describe('a campaign whose notice asks for a 1-inch white photo (the Qingfeng rules)', () => {
  let t: TestCampaign;
  beforeAll(async () => {
    const d = definitionFile('puyang-2024.yaml');
    const photo = oneInchWhitePhoto();
    t = await newCampaign((c) => ({ ...c, definition: { ...d, photo } }));
  }, 120_000);

  it('accepts the white phone photo, stored 295×413 with no GPS', async () => {
    const id = await newWorker(t.tokens.unit, t.campaign.assessmentYears);
    const up = await uploadDirect(id, 'phone-portrait-white-gps.jpg', 'image/jpeg', t.tokens.unit);
    expect(up.verdict).toMatchObject({ status: 'accepted', width: 295, height: 413 });
    const bytes = await storedPhoto(id, up.photoId, t.campaign.id);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 295, height: 413 });
    expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('refuses the blue phone photo, saying the background should be white', async () => {
    const id = await newWorker(t.tokens.unit, t.campaign.assessmentYears);
    const up = await uploadDirect(id, 'phone-portrait-blue-gps.jpg', 'image/jpeg', t.tokens.unit);
    expect(up.verdict).toMatchObject({ status: 'refused', reasonCode: 'wrong_background' });
    expect(up.verdict.reason).toMatch(/^背景应为白色：请换白底证件照重新上传/);
    expect(up.nomination.photoUrl).toBeUndefined();
    expect(await uploadsLeft(id)).toBe(0);
  });
});

describe('photo versions', () => {
  it('keeps every version as its own object and lists them newest first', async () => {
    const id = await newWorker();
    const first = await uploadDirect(id, 'id-photo-413x579.jpg', 'image/jpeg');
    const second = await uploadDirect(id, 'phone-portrait-white-gps.jpg', 'image/jpeg');
    const third = await uploadDirect(id, 'phone-portrait-blue-gps.jpg', 'image/jpeg');
    const view = (await api('GET', `/api/nominations/${id}`, { token: unit })).body;
    expect(view.photos.map((p: { photoId: string }) => p.photoId)).toEqual([
      third.photoId,
      second.photoId,
      first.photoId,
    ]);
    expect(view.photos.map((p: { status: string }) => p.status)).toEqual(['accepted', 'refused', 'accepted']);
    expect((await storedPhoto(id, first.photoId)).length).toBeGreaterThan(0);
    expect((await storedPhoto(id, third.photoId)).length).toBeGreaterThan(0);
    expect(view.photoUrl).toContain(third.photoId);
  });

  it('refuses a photo for a collective and an unsupported type, handing out nothing', async () => {
    const col = (await api('POST', '/api/nominations', { token: unit, body: { category: 'collective' } }))
      .body.id;
    const r = await api('POST', `/api/nominations/${col}/photo`, {
      token: unit,
      body: { contentType: 'image/jpeg' },
    });
    expect(r.status).toBe(400);
    const id = await newWorker();
    const gif = await api('POST', `/api/nominations/${id}/photo`, {
      token: unit,
      body: { contentType: 'image/gif' },
    });
    expect(gif.status).toBe(400);
    expect(gif.body.error.field).toBe('contentType');
    expect((await api('GET', `/api/nominations/${id}`, { token: unit })).body.photos).toEqual([]);
  });

  it('lets no other unit ask for an upload address', async () => {
    const id = await newWorker();
    const other = await tokenFor('unit', { index: 1 });
    expect(
      (
        await api('POST', `/api/nominations/${id}/photo`, {
          token: other,
          body: { contentType: 'image/jpeg' },
        })
      ).status,
    ).toBe(404);
  });
});
