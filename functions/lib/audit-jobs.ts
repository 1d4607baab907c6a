/**
 * Verification as a job, like exports: a request is stored and dropped as a small object into the
 * exports bucket; S3 runs the verification function (events/run-verification.ts), which walks
 * every chain with bounded concurrency, reports progress on the job and ends with the report.
 * A verification changes no record, so the job is not audited; its item expires after a week.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { NotFoundError } from '#shared/errors';
import type { Principal } from '#shared/roles';
import { exportJobRunners } from '../routes.ts';
import { verifyCampaignAudit } from './audit-verify.ts';
import { now as clockNow } from './clock.ts';
import { db, tableName } from './db.ts';
import { maybe, parseVerificationJob, type VerificationJob, verificationJobKey } from './keys.ts';
import { exportsBucket, s3 } from './storage.ts';

/** At most this many breaks are kept on the job (the item's size is bounded); the count is whole. */
export const MAX_LISTED_BREAKS = 500;

export type { VerificationJob } from './keys.ts';

export const verificationRequestKey = (campaignId: string, id: string) =>
  `verifications/${campaignId}/${id}.json`;
const WEEK = 7 * 86400;

/** How long the job may run before it is given up as failed: the function's timeout and a minute. */
function overdueMs(): number {
  const runner = exportJobRunners.find((r) => r.id === 'runVerification');
  return ((runner?.timeoutSeconds ?? 900) + 60) * 1000;
}

/** Start verifying the caller's campaign; answers at once with the job to poll. */
export async function requestVerification(principal: Principal, now: Date): Promise<VerificationJob> {
  const id = ulid();
  const job: VerificationJob = {
    ...verificationJobKey(id),
    type: 'verification',
    verificationId: id,
    campaignId: principal.campaignId,
    status: 'queued',
    requestedBy: principal.accountId,
    requestedAt: now.toISOString(),
    progress: { done: 0, total: 0 },
    expiresAt: Math.floor(now.getTime() / 1000) + WEEK,
  };
  await db().send(new PutCommand({ TableName: tableName(), Item: job }));
  await s3().send(
    new PutObjectCommand({
      Bucket: exportsBucket(),
      Key: verificationRequestKey(job.campaignId, id),
      Body: JSON.stringify({ campaignId: job.campaignId, verificationId: id }),
      ContentType: 'application/json',
    }),
  );
  return job;
}

/** A verification of the caller's campaign: progress, then the report. One overdue ends as failed. */
export async function readVerification(principal: Principal, id: string, now: Date) {
  const got = await db().send(new GetCommand({ TableName: tableName(), Key: verificationJobKey(id) }));
  const job = maybe(parseVerificationJob)(got.Item);
  if (!job || job.campaignId !== principal.campaignId) throw new NotFoundError('校验任务不存在');
  const since = Date.parse(job.startedAt ?? job.requestedAt);
  if ((job.status === 'running' || job.status === 'queued') && now.getTime() - since > overdueMs()) {
    const error = '校验超时未完成，请重新发起';
    await finish(id, job.status, { status: 'failed', error, finishedAt: now.toISOString() });
    return { ...job, status: 'failed' as const, error };
  }
  return job;
}

/** Set the job's outcome, if it is still in the state the caller saw (a duplicate run changes nothing). */
async function finish(id: string, from: VerificationJob['status'], set: Partial<VerificationJob>) {
  const entries = Object.entries(set);
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: verificationJobKey(id),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: {
          '#status': 'status',
          ...Object.fromEntries(entries.map(([f], i) => [`#f${i}`, f])),
        },
        ExpressionAttributeValues: {
          ':from': from,
          ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
        },
      }),
    )
    .catch((e: Error) => {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    });
}

/** Run one verification job: queued → running exactly once (S3 may deliver its event twice). */
export async function runVerification(campaignId: string, id: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: verificationJobKey(id),
        UpdateExpression: 'SET #status = :running, startedAt = :now',
        ConditionExpression: '#status = :queued AND campaignId = :c',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':running': 'running',
          ':queued': 'queued',
          ':now': clockNow().toISOString(),
          ':c': campaignId,
        },
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return; // unknown, or already run
    throw e;
  }
  try {
    const report = await verifyCampaignAudit(campaignId, clockNow(), {
      onProgress: (progress) =>
        db()
          .send(
            new UpdateCommand({
              TableName: tableName(),
              Key: verificationJobKey(id),
              UpdateExpression: 'SET progress = :p',
              ExpressionAttributeValues: { ':p': progress },
            }),
          )
          .then(() => undefined),
    });
    const result = {
      ...report,
      breaks: report.breaks.slice(0, MAX_LISTED_BREAKS),
      breaksTotal: report.breaks.length,
    };
    await finish(id, 'running', { status: 'done', result, finishedAt: clockNow().toISOString() });
  } catch (e) {
    console.error(e);
    await finish(id, 'running', {
      status: 'failed',
      error: '校验未能完成（读取记录失败），请重新发起',
      finishedAt: clockNow().toISOString(),
    });
  }
}
