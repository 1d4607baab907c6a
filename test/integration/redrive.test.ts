/**
 * The local path of "no event is lost": an event that still fails after its retries is kept in
 * the stack's failed-events folder as the record Lambda writes, and `npm run redrive -- --local`
 * replays it through the running runtime. Replays are safe: a photo event replayed after its
 * photo was judged changes nothing; an export whose run died is run again; what fails again stays.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { redrive } from '../../infra/cli/redrive-core.ts';
import { invokeAsync, localFailureSource, localInvoker } from '../../infra/local/failed-events.ts';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { workerForm } from '../support/forms.ts';
import { idPhoto, ok } from '../support/process.ts';
import { api, chainEvents, ddb, stack, waitForVerdict } from '../support/stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const failedDir = join(stack.dataDir, 'failed-events');
let t: TestCampaign;

/** The S3 event the uploads or exports bucket sends for a new object (as s3rver and S3 send it). */
const s3Event = (bucket: string, key: string) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      eventTime: new Date().toISOString(),
      s3: { s3SchemaVersion: '1.0', bucket: { name: bucket }, object: { key, size: 1 } },
    },
  ],
});

/** Keep an event as the runtime keeps one that failed all its attempts. */
const fail = (functionId: string, event: unknown) =>
  invokeAsync(functionId, event, async () => Promise.reject(new Error('DynamoDB throttled')), failedDir);

const records = () => {
  try {
    return readdirSync(failedDir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  t = await newCampaign();
});

describe('failed events, locally', () => {
  it('are kept after the retries as Lambda on-failure records', async () => {
    const before = records().length;
    expect(await fail('processPhoto', s3Event(stack.buckets.uploads, 'photos/x/y'))).toBe(false);
    const kept = records();
    expect(kept.length).toBe(before + 1);
    const newest = JSON.parse(readFileSync(join(failedDir, kept.sort().at(-1) as string), 'utf8'));
    expect(newest).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn: expect.stringContaining(':function:processPhoto'),
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      responsePayload: { errorMessage: 'DynamoDB throttled' },
    });
    // leave the folder as it was for the next test
    for (const f of kept.slice(before)) (await import('node:fs')).rmSync(join(failedDir, f));
  });

  it('are replayed by npm run redrive: a judged photo stays as it is, a dead export is not run twice, a broken event stays', async () => {
    // a photo judged already: its event replayed must change nothing
    const id = (
      await ok(
        api('POST', '/api/nominations', {
          token: t.tokens.unit,
          body: { category: 'worker', form: workerForm(t.campaign.assessmentYears) },
        }),
        201,
      )
    ).id;
    const { ask, ...judged } = await idPhoto(t.tokens.unit, id);
    const history = (await chainEvents(`NOM#${id}`)).length;
    await fail('processPhoto', s3Event(stack.buckets.uploads, ask.upload.fields.key));

    // an export whose run died (a timeout): running for longer than the function may live
    const exportJob = await ok(
      api('POST', '/api/exports', { token: t.tokens.city, body: { set: 'recommended' } }),
      202,
    );
    const status = async () =>
      (await ok(api('GET', `/api/exports/${exportJob.exportId}`, { token: t.tokens.city }))).status;
    await expect.poll(status, { timeout: 60_000 }).toBe('done');
    await ddb.send(
      new UpdateCommand({
        TableName: stack.table,
        Key: { pk: `CAMPAIGN#${t.campaign.id}`, sk: `EXPORT#${exportJob.exportId}` },
        UpdateExpression: 'SET #s = :running, finishedAt = :long_ago, startedAt = :long_ago',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':long_ago': '2026-01-01T00:00:00.000Z' },
      }),
    );
    await fail(
      'runExport',
      s3Event(stack.buckets.exports, `requests/${t.campaign.id}/${exportJob.exportId}.json`),
    );
    // an event the function cannot take: it fails again and stays
    await fail('processScan', { Records: 'not a list' });
    expect(records()).toHaveLength(3);

    // a dry run lists them and changes nothing
    const dry = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'infra/cli/redrive.ts',
          '--local',
          stack.baseUrl,
          '--data',
          stack.dataDir,
          '--dry-run',
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      ),
    );
    expect(dry.wouldReplay.map((r: { functionName: string }) => r.functionName).sort()).toEqual([
      'processPhoto',
      'processScan',
      'runExport',
    ]);
    expect(records()).toHaveLength(3);

    const report = await redrive(localFailureSource(failedDir), localInvoker(stack.baseUrl));
    expect(report.replayed.map((r) => r.functionName).sort()).toEqual(['processPhoto', 'runExport']);
    expect(report.failed.map((r) => r.functionName)).toEqual(['processScan']);
    expect(records()).toHaveLength(1);

    const after = await waitForVerdict(t.tokens.unit, id, ask.photoId);
    const { status: photoStatus, sha256, processedAt } = judged.verdict;
    expect(after.verdict).toMatchObject({ status: photoStatus, sha256, processedAt });
    expect(photoStatus).toBe('accepted');
    expect((await chainEvents(`NOM#${id}`)).length).toBe(history);
    // a job runs from queued, once: the replay left the dead run alone, and reading it ends it as
    // failed (past the function's timeout), so the office asks for a new export
    expect(await status()).toBe('failed');
    const exportHistory = (await chainEvents(`EXPORT#${exportJob.exportId}`)).map((e) => e.action);
    expect(exportHistory.filter((a) => a === 'export.done')).toHaveLength(1);
  }, 120_000);
});
