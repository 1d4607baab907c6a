/**
 * Exports as jobs. A request is recorded (who, what, when) and dropped as a small object into
 * the exports bucket; S3 runs the export function, which streams the documents into a zip in
 * the same bucket (multipart upload) and reports progress; the caller then gets a short-lived
 * link. Export objects expire by lifecycle.
 */
import { PassThrough } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import { ulid } from 'ulid';
import type { Category } from '#shared/campaign';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import type { NominationStatus } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import { OPINION_DEPARTMENT_LABELS } from '#shared/workflow';
import { queryAll, verifyCampaignAudit } from './audit.ts';
import { getCampaign, quotaUse, regionName } from './campaigns.ts';
import { db, tableName } from './db.ts';
import { writeExportPackage } from './documents/export-package.ts';
import type { DocNominee, CountyReport as DocReport } from './documents/types.ts';
import type { NominationItem } from './nominations.ts';
import { openPii } from './pii.ts';
import { type ChangeContext, changeRecord, createRecord } from './records.ts';
import { exportsBucket, recordsBucket, s3 } from './storage.ts';

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

const jobKey = (campaignId: string, id: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: `EXPORT#${id}` });
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

async function setProgress(exportId: string, done: number, total: number) {
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

async function finishJob(job: ExportJob, ctx: ChangeContext, result: Partial<ExportJob>) {
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

/** Map a stored nomination to what the documents print; the ID number is decrypted here only. */
async function docNominee(n: NominationItem, regionLabel: string): Promise<DocNominee> {
  const key = n.acceptedPhoto?.key;
  const departmentOpinions = Object.entries(n.opinions ?? {}).map(([dept, o]) => ({
    department: OPINION_DEPARTMENT_LABELS[dept as keyof typeof OPINION_DEPARTMENT_LABELS] as
      | '组织人事'
      | '纪检监察'
      | '公安',
    conclusion: o.conclusion,
    text: o.text,
    date: o.date,
    ...(o.docNumber ? { docNumber: o.docNumber } : {}),
  }));
  const counted = ['recommended', 'city_review', 'passed', 'city_publicity', 'confirmed'].includes(n.status);
  return {
    id: n.id,
    category: n.category,
    regionId: n.regionId,
    regionName: regionLabel,
    unitName: n.unitName,
    form: n.form,
    ...(n.idNumber ? { idNumber: await openPii(n.idNumber.sealed, n.id) } : {}),
    ...(key
      ? {
          photo: async () => {
            const out = await s3().send(new GetObjectCommand({ Bucket: recordsBucket(), Key: key }));
            return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
          },
        }
      : {}),
    opinions: {
      ...(n.unitRecommendation
        ? { unit: { text: '同意推荐', date: n.unitRecommendation.leadershipDecisionDate } }
        : {}),
      ...(counted && n.submittedAt
        ? { county: { text: '同意推荐', date: n.politicalReview?.date ?? n.submittedAt.slice(0, 10) } }
        : {}),
    },
    departmentOpinions,
  };
}

/** Run an export (the export function's whole job): stream the package into the exports bucket. */
export async function runExport(campaignId: string, exportId: string): Promise<void> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: jobKey(campaignId, exportId), ConsistentRead: true }),
  );
  const job = got.Item as ExportJob | undefined;
  if (job?.status !== 'queued') return; // unknown, or a repeated S3 event
  const now = () => new Date().toISOString();
  const ctx = {
    actor: { accountId: 'export-job', role: 'system' as const },
    requestId: `export-${exportId}`,
    now: now(),
  };
  await finishJob(job, ctx, { status: 'running' }).catch(() => undefined);
  try {
    const campaign = await getCampaign(campaignId, { fresh: true });
    const statuses = EXPORT_SETS[job.set] ?? [];
    const audit = await verifyCampaignAudit(campaignId);
    const nomineeRows = async function* (filter: { category?: Category; regionId?: string }) {
      const regionIds = job.regionId ? [job.regionId] : campaign.regions.map((r) => r.id);
      for (const regionId of regionIds) {
        if (filter.regionId && filter.regionId !== regionId) continue;
        for (const status of statuses) {
          const items = (await queryAll({
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': `CAMPAIGN#${campaignId}#NOM`,
              ':prefix': `${regionId}#${status}#`,
            },
          })) as unknown as NominationItem[];
          for (const n of items) {
            if (filter.category && n.category !== filter.category) continue;
            yield docNominee(n, regionName(campaign, regionId));
          }
        }
      }
    };
    let total = 0;
    for await (const _ of nomineeRows({})) total++;
    await setProgress(exportId, 0, total);
    let done = 0;
    const counted = async function* (filter: { category?: Category; regionId?: string }) {
      for await (const n of nomineeRows(filter)) {
        yield n;
        // The per-region pass writes each nominee's forms: that is the progress a person waits for.
        if (filter.regionId && ++done % 25 === 0) await setProgress(exportId, done, total);
      }
    };
    const reports: DocReport[] = [];
    for (const r of campaign.regions) {
      if (job.regionId && r.id !== job.regionId) continue;
      const item = await db().send(
        new GetCommand({
          TableName: tableName(),
          Key: { pk: `CAMPAIGN#${campaignId}`, sk: `REPORT#${r.id}` },
        }),
      );
      if (item.Item)
        reports.push({
          regionName: r.name,
          ...(item.Item.report as Omit<DocReport, 'regionName'>),
          date: String(item.Item.report.updatedAt).slice(0, 10),
        });
    }
    const key = `exports/${campaignId}/${exportId}/${job.regionId ? regionName(campaign, job.regionId) : '全市'}-评选材料.zip`;
    const body = new PassThrough();
    const upload = new Upload({
      client: s3(),
      params: { Bucket: exportsBucket(), Key: key, Body: body, ContentType: 'application/zip' },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
    });
    let bytes = 0;
    body.on('data', (c: Buffer) => {
      bytes += c.length;
    });
    const uploaded = upload.done();
    const { manifest } = await writeExportPackage(body, {
      campaign,
      scope: job.regionId ? `region:${job.regionId}` : 'campaign',
      auditHeadHash: audit.headHash,
      generatedAt: new Date(),
      nominees: counted,
      reports,
      quotaUses: await quotaUse(campaignId, {
        accountId: 'export-job',
        role: job.regionId ? 'county' : 'city',
        campaignId,
        name: '',
        ...(job.regionId ? { regionId: job.regionId } : {}),
      }),
    });
    await uploaded;
    await setProgress(exportId, total, total);
    await finishJob(
      job,
      { ...ctx, now: now() },
      {
        status: 'done',
        key,
        bytes,
        files: manifest.files.length,
        nominees: total,
        auditHeadHash: audit.headHash,
      },
    );
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', exportId, message: String(e) }));
    await finishJob(job, { ...ctx, now: now() }, { status: 'failed', error: '导出失败，请重试或联系管理员' });
  }
}
