/**
 * Exports as jobs. A request is recorded (who, what, when) and dropped as a small object into
 * the exports bucket; S3 runs the export function (export-run.ts), which streams the documents
 * into a zip in the same bucket and reports progress; the caller then gets a short-lived link.
 * Export objects expire by lifecycle.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { NominationStatus } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { getCampaign } from './campaigns.ts';
import { db, tableName } from './db.ts';
import { type ChangeContext, changeRecord, createRecord } from './records.ts';
import { exportsBucket, s3 } from './storage.ts';

/** Which nominations an export covers, by state (the "chosen set"). */
export const EXPORT_SETS: Record<string, readonly NominationStatus[]> = {
  submitted: ['submitted'],
  recommended: ['recommended', 'city_review'],
  selected: ['passed', 'city_publicity'],
  confirmed: ['confirmed'],
};

export interface ExportJob {
  pk: string;
  sk: string;
  type: 'export';
  exportId: string;
  campaignId: string;
  kind: 'package';
  set: keyof typeof EXPORT_SETS;
  regionId?: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: string;
  requestedAt: string;
  finishedAt?: string;
  key?: string;
  bytes?: number;
  files?: number;
  nominees?: number;
  auditHeadHash?: string;
  error?: string;
}

export const jobKey = (campaignId: string, id: string) => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `EXPORT#${id}`,
});
const progressKey = (id: string) => ({ pk: `EXPORTPROGRESS#${id}`, sk: 'PROGRESS' });
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
    ...jobKey(campaign.id, exportId),
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
  await createRecord(`EXPORT#${exportId}`, ctx, {
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

/** An export job with its progress; a county sees its own region's only. */
export async function readExport(principal: Principal, exportId: string) {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: jobKey(principal.campaignId, exportId) }),
  );
  const job = got.Item as ExportJob | undefined;
  if (!job || (principal.role === 'county' && job.regionId !== principal.regionId))
    throw new NotFoundError('导出任务不存在');
  const progress = await db().send(new GetCommand({ TableName: tableName(), Key: progressKey(exportId) }));
  return {
    job,
    progress: { done: Number(progress.Item?.done ?? 0), total: Number(progress.Item?.total ?? 0) },
  };
}

export async function setProgress(exportId: string, done: number, total: number) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: progressKey(exportId),
      UpdateExpression: 'SET done = :d, #t = :t, expiresAt = :e',
      ExpressionAttributeNames: { '#t': 'total' },
      ExpressionAttributeValues: { ':d': done, ':t': total, ':e': Math.floor(Date.now() / 1000) + 8 * 86400 },
    }),
  );
}

export async function finishJob(job: ExportJob, ctx: ChangeContext, result: Partial<ExportJob>) {
  await changeRecord<ExportJob & { auditSeq: number; auditHead: string }>(
    jobKey(job.campaignId, job.exportId),
    `EXPORT#${job.exportId}`,
    ctx,
    () => new NotFoundError(),
    (current) => ({
      action: `export.${result.status}`,
      campaignId: job.campaignId,
      next: { ...current, ...result, finishedAt: ctx.now },
      changes: Object.entries(result).map(([field, after]) => ({ field, before: null, after })),
    }),
  );
}
