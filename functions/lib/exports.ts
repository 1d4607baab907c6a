/**
 * Exports as jobs. A request is recorded (who, what, when) and dropped as a small object into
 * the exports bucket; S3 runs the export function (export-run.ts), which streams the documents
 * into a zip in the same bucket and reports progress; the caller then gets a short-lived link.
 * Export objects expire by lifecycle.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { NominationStatus } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { exportJobRunners } from '../routes.ts';
import { getCampaign } from './campaigns.ts';
import { db, queryPages, tableName } from './db.ts';
import {
  campaignPartition,
  EXPORT_PREFIX,
  type ExportJob,
  exportChain,
  exportJobKey,
  exportJobRecord,
  exportProgressKey,
  maybe,
  parseExportJob,
  parseExportProgress,
} from './keys.ts';
import { type ChangeContext, changeRecord, createRecord } from './records.ts';
import { exportsBucket, s3 } from './storage.ts';

/** Which nominations an export covers, by state (the "chosen set"). */
export const EXPORT_SETS: Record<string, readonly NominationStatus[]> = {
  submitted: ['submitted'],
  recommended: ['recommended', 'city_review'],
  selected: ['passed', 'city_publicity'],
  confirmed: ['confirmed'],
};

export type { ExportJob } from './keys.ts';

export const exportRequestKey = (campaignId: string, id: string) => `requests/${campaignId}/${id}.json`;

/** Record an export request and hand it to the export function. A county exports its own region only. */
export async function requestExport(
  principal: Principal,
  body: { set: string; regionId?: string },
  ctx: ChangeContext,
): Promise<ExportJob> {
  const campaign = await getCampaign(principal.campaignId);
  if (!(body.set in EXPORT_SETS))
    throw new ValidationError('导出范围应为已报送、已推荐、评审通过或已确定', 'set');
  const regionId = principal.role === 'county' ? principal.regionId : body.regionId;
  if (regionId && !campaign.regions.some((r) => r.id === regionId))
    throw new ValidationError('地区不存在', 'regionId');
  if (principal.role === 'unit') throw new ForbiddenError('推荐单位不能导出');
  const exportId = ulid();
  const job: ExportJob = {
    ...exportJobKey(campaign.id, exportId),
    type: 'export',
    exportId,
    campaignId: campaign.id,
    kind: 'package',
    set: body.set as ExportJob['set'],
    ...(regionId ? { regionId } : {}),
    status: 'queued',
    requestedBy: principal.accountId,
    requestedAt: ctx.now,
  };
  await createRecord(exportChain(exportId), ctx, {
    action: 'export.requested',
    campaignId: campaign.id,
    next: job,
    changes: [
      { field: 'set', before: null, after: job.set },
      { field: 'region', before: null, after: regionId ?? '全市' },
    ],
  });
  await s3().send(
    new PutObjectCommand({
      Bucket: exportsBucket(),
      Key: exportRequestKey(campaign.id, exportId),
      Body: JSON.stringify({ campaignId: campaign.id, exportId }),
      ContentType: 'application/json',
    }),
  );
  return job;
}

/** An export job with its progress; a county sees its own region's only. A job overdue is ended here. */
export async function readExport(principal: Principal, exportId: string, ctx: ChangeContext) {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: exportJobKey(principal.campaignId, exportId) }),
  );
  const stored = maybe(parseExportJob)(got.Item);
  if (!stored || (principal.role === 'county' && stored.regionId !== principal.regionId))
    throw new NotFoundError('导出任务不存在');
  const job = await endIfOverdue(stored, { ...ctx, actor: WATCH_ACTOR });
  const progress = maybe(parseExportProgress)(
    (await db().send(new GetCommand({ TableName: tableName(), Key: exportProgressKey(exportId) }))).Item,
  );
  return { job, progress: { done: progress?.done ?? 0, total: progress?.total ?? 0 } };
}

export async function setProgress(exportId: string, done: number, total: number) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: exportProgressKey(exportId),
      UpdateExpression: 'SET done = :d, #t = :t, expiresAt = :e',
      ExpressionAttributeNames: { '#t': 'total' },
      ExpressionAttributeValues: { ':d': done, ':t': total, ':e': Math.floor(Date.now() / 1000) + 8 * 86400 },
    }),
  );
}

/** The export function's timeout: a job still running after it (and a margin) was killed. */
export const exportTimeoutSeconds = () =>
  exportJobRunners.find((r) => r.id === 'runExport')?.timeoutSeconds ?? 900;
/** Slack for clocks and for S3's event delivery before a job counts as overdue. */
const OVERDUE_MARGIN_SECONDS = 60;
/** Who ends an overdue job in the history: the system, seen by whoever asked. */
const WATCH_ACTOR = { accountId: 'export-watch', role: 'system' } as const;

/** A job's status moved from what the writer expected: another invocation or the watch got there first. */
class JobMoved extends ConflictError {
  constructor(readonly current: ExportJob) {
    super('导出任务状态已变化', 'export_moved');
  }
}

/** One audited change of a job, only from the status `from`; throws JobMoved otherwise. */
async function moveJob(
  job: ExportJob,
  ctx: ChangeContext,
  from: ExportJob['status'],
  result: Partial<ExportJob> & { status: ExportJob['status'] },
  also: (current: ExportJob) => boolean = () => true,
): Promise<ExportJob> {
  return changeRecord(
    exportJobRecord(job.campaignId, job.exportId),
    ctx,
    () => new NotFoundError(),
    (current) => {
      // the condition is re-checked on each attempt: changeRecord retries on a raced write
      if (current.status !== from || !also(current)) throw new JobMoved(current);
      return {
        action: `export.${result.status}`,
        campaignId: job.campaignId,
        next: { ...current, ...result },
        changes: Object.entries(result).map(([field, after]) => ({
          field,
          before: (current as unknown as Record<string, unknown>)[field] ?? null,
          after,
        })),
      };
    },
  );
}

/**
 * Take a queued job for this invocation (queued → running, a conditional write). False when
 * another invocation took it first, or it is no longer queued: S3 may deliver an event twice.
 */
export async function startJob(job: ExportJob, ctx: ChangeContext): Promise<boolean> {
  try {
    await moveJob(job, ctx, 'queued', { status: 'running', startedAt: ctx.now });
    return true;
  } catch (e) {
    if (e instanceof JobMoved) return false;
    throw e;
  }
}

/** End a running job as done or failed; false when it was ended meanwhile (overdue). */
export async function finishJob(job: ExportJob, ctx: ChangeContext, result: Partial<ExportJob>) {
  try {
    await moveJob(job, ctx, 'running', {
      ...result,
      status: result.status ?? 'failed',
      finishedAt: ctx.now,
    });
    return true;
  } catch (e) {
    if (e instanceof JobMoved) return false;
    throw e;
  }
}

/**
 * A job still queued or running past the export function's timeout (and a margin) will never
 * finish: its function was killed, or its event never came. It ends as failed, with a reason.
 */
export async function endIfOverdue(job: ExportJob, ctx: ChangeContext): Promise<ExportJob> {
  const limitMs = (exportTimeoutSeconds() + OVERDUE_MARGIN_SECONDS) * 1000;
  const since =
    job.status === 'running' ? job.startedAt : job.status === 'queued' ? job.requestedAt : undefined;
  if (!since || Date.parse(ctx.now) - Date.parse(since) <= limitMs) return job;
  const minutes = Math.round(exportTimeoutSeconds() / 60);
  const error =
    job.status === 'running'
      ? `导出超过 ${minutes} 分钟仍未完成，已终止，请重新导出`
      : `导出任务未能开始，请重新导出`;
  try {
    return await moveJob(
      job,
      ctx,
      job.status,
      { status: 'failed', error, finishedAt: ctx.now },
      (current) => current.startedAt === job.startedAt,
    );
  } catch (e) {
    if (e instanceof JobMoved) return e.current;
    throw e;
  }
}

/** End every overdue job of a campaign (the export function does this before each export). */
export async function endOverdueJobs(campaignId: string, ctx: ChangeContext): Promise<number> {
  let ended = 0;
  const pages = queryPages({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: '#s IN (:q, :r)',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ':pk': campaignPartition(campaignId),
      ':prefix': EXPORT_PREFIX,
      ':q': 'queued',
      ':r': 'running',
    },
  });
  for await (const page of pages)
    for (const item of page) {
      const job = parseExportJob(item);
      if ((await endIfOverdue(job, ctx)).status === 'failed') ended++;
    }
  return ended;
}
