/**
 * Export jobs under S3's delivery: a repeated event runs an export once (queued → running is a
 * conditional write), and a job its function left running (killed at its timeout) ends as
 * failed, on the status read and when the next export starts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { recordExportJob } from '../support/exports.ts';
import { workerForm } from '../support/forms.ts';
import { api, chainEvents, ddb, postUpload, s3, stack, waitForVerdict } from '../support/stack.ts';

Object.assign(process.env, {
  AWS_ENDPOINT_URL_S3: stack.s3Endpoint,
  EXPORTS_BUCKET: stack.buckets.exports,
  RECORDS_BUCKET: stack.buckets.records,
});
const { exportJobKey: jobKey } = await import('#lib/keys');
const { runExport } = await import('#lib/export-run');

let t: TestCampaign;
beforeAll(async () => {
  t = await newCampaign();
});

/** A job in `status` since `minutesAgo`, its S3 event not sent. */
const recordJob = (status: 'queued' | 'running', minutesAgo = 0) =>
  recordExportJob(t.campaign.id, status, new Date(Date.now() - minutesAgo * 60_000).toISOString());

const actions = async (exportId: string) => (await chainEvents(`EXPORT#${exportId}`)).map((e) => e.action);

describe('a repeated S3 event', () => {
  it('runs the export once; the second invocation exits quietly', async () => {
    const exportId = await recordJob('queued');
    // two deliveries of one event, at the same moment: both read the job while it is queued
    await Promise.all([runExport(t.campaign.id, exportId), runExport(t.campaign.id, exportId)]);
    expect(await actions(exportId)).toEqual(['export.requested', 'export.running', 'export.done']);
    const r = await api('GET', `/api/exports/${exportId}`, { token: t.tokens.city });
    expect(r.body.status).toBe('done');
    // and a third, late delivery changes nothing
    await runExport(t.campaign.id, exportId);
    expect(await actions(exportId)).toHaveLength(3);
  });
});

describe('a job killed at its timeout', () => {
  it('ends as failed with a Chinese reason when its status is read', async () => {
    const exportId = await recordJob('running', 20);
    const r = await api('GET', `/api/exports/${exportId}`, { token: t.tokens.city });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'failed', error: '导出超过 15 分钟仍未完成，已终止，请重新导出' });
    const events = await chainEvents(`EXPORT#${exportId}`);
    expect(events.at(-1)).toMatchObject({ action: 'export.failed', actor: { accountId: 'export-watch' } });
    // read again: nothing more is written
    await api('GET', `/api/exports/${exportId}`, { token: t.tokens.city });
    expect(await actions(exportId)).toEqual(['export.requested', 'export.failed']);
  });

  it('is left alone while within the timeout', async () => {
    const exportId = await recordJob('running', 5);
    const r = await api('GET', `/api/exports/${exportId}`, { token: t.tokens.city });
    expect(r.body.status).toBe('running');
  });

  it('ends as failed when the next export starts', async () => {
    const stuck = await recordJob('running', 30);
    const next = await recordJob('queued');
    await runExport(t.campaign.id, next);
    const job = await ddb.send(new GetCommand({ TableName: stack.table, Key: jobKey(t.campaign.id, stuck) }));
    expect(job.Item).toMatchObject({ status: 'failed', error: expect.stringContaining('仍未完成') });
    expect(
      (await ddb.send(new GetCommand({ TableName: stack.table, Key: jobKey(t.campaign.id, next) }))).Item,
    ).toMatchObject({ status: 'done' });
  });
});

/** Ask the stack for the confirmed set's package and wait until the job has ended. */
async function exportedBy(token: string): Promise<Record<string, unknown>> {
  const started = await api('POST', '/api/exports', { token, body: { set: 'confirmed' } });
  expect(started.status).toBe(202);
  for (;;) {
    const r = await api('GET', `/api/exports/${started.body.exportId}`, { token });
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 300));
  }
}

describe('a kept photo whose bytes changed', () => {
  it('ends the export as failed instead of packing other bytes than were judged', async () => {
    const created = await api('POST', '/api/nominations', {
      token: t.tokens.unit,
      body: { category: 'worker', form: workerForm(t.campaign.assessmentYears) },
    });
    const id = created.body.id as string;
    const grant = await api('POST', `/api/nominations/${id}/photo`, {
      token: t.tokens.unit,
      body: { contentType: 'image/jpeg' },
    });
    const photo = readFileSync(join(import.meta.dirname, '../fixtures/photos/id-photo-413x579.jpg'));
    expect(await postUpload(grant.body.upload, photo, 'image/jpeg')).toBe(204);
    const { verdict } = await waitForVerdict(t.tokens.unit, id, grant.body.photoId);
    expect(verdict.status).toBe('accepted');
    // confirmed, as the steps would leave it (they are tested elsewhere), then the bytes swapped
    await ddb.send(
      new UpdateCommand({
        TableName: stack.table,
        Key: { pk: `NOM#${id}`, sk: 'NOM' },
        UpdateExpression: 'SET #s = :s, gsi2sk = :g',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'confirmed', ':g': `hualong#confirmed#${id}` },
      }),
    );
    // exported by the stack itself, as the city office asks for it
    expect((await exportedBy(t.tokens.city)).status).toBe('done');
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.buckets.records,
        Key: `photos/${t.campaign.id}/${id}/${grant.body.photoId}.jpg`,
        Body: readFileSync(join(import.meta.dirname, '../fixtures/photos/phone-portrait-blue-gps.jpg')),
      }),
    );
    expect(await exportedBy(t.tokens.city)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('导出失败'),
    });
  }, 300_000);
});
