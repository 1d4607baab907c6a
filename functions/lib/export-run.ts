/**
 * The export function's work: stream the package for a recorded request into the exports
 * bucket. Apart from exports.ts so that the request and status routes carry none of the
 * document generators.
 */
import { PassThrough } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import type { Category } from '#shared/campaign';
import { OPINION_DEPARTMENT_LABELS } from '#shared/workflow';
import { verifyCampaignAudit } from './audit.ts';
import { getCampaign, quotaUse, regionName } from './campaigns.ts';
import { db, queryAll, tableName } from './db.ts';
import { writeExportPackage } from './documents/export-package.ts';
import type { DocNominee, CountyReport as DocReport } from './documents/types.ts';
import { EXPORT_SETS, type ExportJob, finishJob, jobKey, setProgress } from './exports.ts';
import type { NominationItem } from './nominations.ts';
import { openPii } from './pii.ts';
import { exportsBucket, recordsBucket, s3 } from './storage.ts';

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
