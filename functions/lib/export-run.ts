/**
 * The export function's work: stream the package for a recorded request into the exports
 * bucket. Apart from exports.ts so that the request and status routes carry none of the
 * document generators.
 */

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Upload } from '@aws-sdk/lib-storage';
import type { Campaign, Category } from '#shared/campaign';
import { levelNames, wholeOf } from '#shared/levels';
import { type OpinionRule, opinionsOf } from '#shared/opinions';
import { opinionScanPurpose, scanFileKind } from '#shared/scan-rules';
import { inVoteOrder, ranksByScore } from '#shared/vote-score';
import { campaignAuditHead } from './audit.ts';
import { getCampaign, quotaUse, regionName } from './campaigns.ts';
import { now as clockNow } from './clock.ts';
import { db, queryAll, queryPages, tableName } from './db.ts';
import { PHOTOS_TEMP_PREFIX, writeExportPackage } from './documents/export-package.ts';
import type { PackageManifest } from './documents/package-zip.ts';
import type { DocNominee, CountyReport as DocReport, DocScan } from './documents/types.ts';
import { recordedOpinions } from './export-opinions.ts';
import {
  EXPORT_SETS,
  endOverdueJobs,
  exportTimeoutSeconds,
  finishJob,
  setProgress,
  startJob,
} from './exports.ts';
import {
  campaignNominations,
  exportJobKey,
  maybe,
  type NominationItem,
  nominationPartition,
  parseExportJob,
  parseNomination,
  parseReport,
  regionStatusPrefix,
  reportKey,
  SCAN_PREFIX,
  scanVersionOf,
} from './keys.ts';
import { count, duration, logger } from './observability.ts';
import { openPii } from './pii.ts';
import { exportsBucket, recordsBucket, s3, scanRecordKey } from './storage.ts';

/** Map a stored nomination to what the documents print; the ID number is decrypted here only. */
async function docNominee(n: NominationItem, regionLabel: string, campaign: Campaign): Promise<DocNominee> {
  const kept = n.acceptedPhoto;
  const opinions = opinionsOf(campaign);
  const departmentOpinions = Object.entries(n.opinions ?? {}).map(([id, o]) => ({
    department: opinions.find((rule) => rule.id === id)?.department ?? id,
    conclusion: o.conclusion,
    text: o.text,
    date: o.date,
    ...(o.docNumber ? { docNumber: o.docNumber } : {}),
  }));
  return {
    id: n.id,
    category: n.category,
    regionId: n.regionId,
    regionName: regionLabel,
    unitName: n.unitName,
    form: n.form,
    ...(n.idNumber ? { idNumber: await openPii(n.idNumber.sealed, n.id) } : {}),
    ...(kept
      ? {
          photo: async () => {
            const out = await s3().send(
              new GetObjectCommand({
                Bucket: recordsBucket(),
                Key: kept.key,
                ...(kept.versionId ? { VersionId: kept.versionId } : {}),
              }),
            );
            const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
            // a package carries only the photo that was judged: any other bytes end the export
            if (createHash('sha256').update(bytes).digest('hex') !== kept.sha256)
              throw new Error(`photo ${kept.photoId} of ${n.id} no longer matches its recorded SHA-256`);
            return bytes;
          },
        }
      : {}),
    opinions: recordedOpinions(n, campaign.meeting?.date, campaign),
    scans: () => stampedScans(n, opinions),
    departmentOpinions,
  };
}

/** The notice first, then the opinions in the notice's order. */
const scanRank = (purpose: string, opinions: readonly OpinionRule[]) =>
  purpose === 'notice' ? -1 : opinions.findIndex((o) => opinionScanPurpose(o.id) === purpose);

/**
 * The nominee's current stamped scans (the notice the unit publicity holds, each opinion's scan),
 * read from the nomination's partition; each file is fetched only when the package writes it.
 */
async function stampedScans(n: NominationItem, opinions: readonly OpinionRule[]): Promise<DocScan[]> {
  const current = new Set(
    [n.unitPublicity?.noticeScanId, ...Object.values(n.opinions ?? {}).map((o) => o.scanId)].filter(Boolean),
  );
  if (current.size === 0) return [];
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :scan)',
    ExpressionAttributeValues: { ':pk': nominationPartition(n.id), ':scan': SCAN_PREFIX },
  });
  return items
    .map(scanVersionOf)
    .filter((s) => current.has(s.scanId) && s.status === 'accepted')
    .sort((a, b) => scanRank(a.purpose, opinions) - scanRank(b.purpose, opinions))
    .map((s) => {
      const extension = s.kind === 'pdf' ? 'pdf' : 'jpg';
      return {
        kind: scanFileKind(s.purpose, opinions),
        extension,
        load: async () => {
          const key = scanRecordKey(n.campaignId, n.id, s.scanId, extension);
          const out = await s3().send(new GetObjectCommand({ Bucket: recordsBucket(), Key: key }));
          return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
        },
      };
    });
}

const TEMP_PREFIX = 'pingxuan-export-';

/**
 * The nominations an export covers, read from the table once, region by region in the campaign's
 * order, into temporary files (one per region, a JSON line per nomination): the package reads them
 * many times (by category for the 汇总表, by region for the forms), and a local file is read far
 * faster than the table is queried again. The files hold what the table holds (ID numbers still
 * sealed) and are removed when the export ends; memory holds one line at a time, except where the
 * campaign ranks by score (below).
 */
class NominationSpill {
  private constructor(
    private readonly dir: string,
    private readonly regionIds: string[],
    readonly total: number,
    private readonly campaign: Campaign,
  ) {}

  static async fill(campaign: Campaign, onlyRegion: string | undefined, statuses: readonly string[]) {
    const dir = await mkdtemp(join(tmpdir(), TEMP_PREFIX));
    const regionIds = onlyRegion ? [onlyRegion] : campaign.regions.map((r) => r.id);
    let total = 0;
    try {
      for (const regionId of regionIds) {
        const file = createWriteStream(join(dir, `${regionId}.jsonl`));
        // a write error (a full disk) fails the copy instead of the process
        const written = finished(file);
        written.catch(() => undefined);
        // a nomination whose state changes between two of the queries is copied once
        const seen = new Set<string>();
        try {
          for (const status of statuses) {
            const pages = queryPages({
              IndexName: 'gsi2',
              KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
              ExpressionAttributeValues: {
                ':pk': campaignNominations(campaign.id),
                ':prefix': regionStatusPrefix(regionId, status),
              },
            });
            for await (const page of pages) {
              // checked as it is spooled, so the file holds only stored nominations that parse
              const fresh = page.map(parseNomination).filter((item) => !seen.has(item.id));
              for (const item of fresh) seen.add(String(item.id));
              total += fresh.length;
              if (!file.write(fresh.map((item) => `${JSON.stringify(item)}\n`).join('')))
                await Promise.race([once(file, 'drain'), written]);
            }
          }
          file.end();
          await written;
        } catch (e) {
          file.destroy();
          throw e;
        }
      }
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
    return new NominationSpill(dir, regionIds, total, campaign);
  }

  /**
   * The nominations (of one region, or of one category) in the order the documents list them: by
   * score, highest first, when the campaign ranks by score (按得分排序: the list is ordered whole,
   * so it is held while it is read, records without photos), otherwise in region order.
   */
  async *read(filter: { category?: Category; regionId?: string }): AsyncGenerator<NominationItem> {
    if (!ranksByScore(this.campaign)) {
      yield* this.inRegionOrder(filter);
      return;
    }
    const all: NominationItem[] = [];
    for await (const n of this.inRegionOrder(filter)) all.push(n);
    yield* inVoteOrder(this.campaign, all);
  }

  /** The nominations in region order (of one region, or of one category), read from the files. */
  private async *inRegionOrder(filter: { category?: Category; regionId?: string }) {
    for (const regionId of this.regionIds) {
      if (filter.regionId && filter.regionId !== regionId) continue;
      const input = createReadStream(join(this.dir, `${regionId}.jsonl`));
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      try {
        for await (const line of lines) {
          const n: NominationItem = JSON.parse(line);
          if (!filter.category || n.category === filter.category) yield n;
        }
      } finally {
        // a reader that stops early must not leave the file open
        lines.close();
        input.destroy();
      }
    }
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Remove what earlier exports left in /tmp when they were stopped before their own clean-up (a
 * timeout, a crash): a warm Lambda keeps /tmp, and the files hold personal data. Only folders
 * older than any export can run are taken, so a job running beside this one (locally) keeps its own.
 */
async function removeStaleTemp(maxAgeMs: number): Promise<void> {
  const dir = tmpdir();
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) && !name.startsWith(PHOTOS_TEMP_PREFIX)) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > maxAgeMs) await rm(path, { recursive: true, force: true });
  }
}

/** Run an export (the export function's whole job): stream the package into the exports bucket. */
export async function runExport(campaignId: string, exportId: string): Promise<void> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: exportJobKey(campaignId, exportId), ConsistentRead: true }),
  );
  const job = maybe(parseExportJob)(got.Item);
  // Unknown, or taken already (a repeated or replayed event): a job that died running was ended
  // as failed (endOverdueJobs), and the office asks for a new export.
  if (job?.status !== 'queued') return;
  const now = () => clockNow().toISOString();
  const ctx = {
    actor: { accountId: 'export-job', role: 'system' as const },
    requestId: `export-${exportId}`,
    now: now(),
  };
  // S3 may deliver the event twice: only the invocation whose conditional write wins runs it
  if (!(await startJob(job, ctx))) {
    logger.info('export already taken: a repeated event', { export_id: exportId });
    return;
  }
  // a job an earlier invocation left running when it was killed at its timeout ends as failed
  await endOverdueJobs(campaignId, ctx).catch((e: unknown) =>
    logger.error('overdue jobs', { export_id: exportId, error: e as Error }),
  );
  await removeStaleTemp((exportTimeoutSeconds() + 60) * 1000);
  let spill: NominationSpill | undefined;
  const started = performance.now();
  try {
    const campaign = await getCampaign(campaignId, { fresh: true });
    // both only read: the head is found while the nominations are copied
    const heading = campaignAuditHead(campaignId);
    heading.catch(() => undefined); // awaited below, unless the copy fails first
    const filled = await NominationSpill.fill(campaign, job.regionId, EXPORT_SETS[job.set] ?? []);
    spill = filled;
    const auditHeadHash = await heading;
    const { total } = filled;
    await setProgress(exportId, 0, total);
    const nominees = async function* (filter: { category?: Category; regionId?: string }) {
      for await (const n of filled.read(filter))
        yield docNominee(n, regionName(campaign, n.regionId), campaign);
    };
    let reported = Date.now();
    // recorded about once a second, as often as the web app asks
    const progress = async (done: number) => {
      if (Date.now() - reported < 1000) return;
      reported = Date.now();
      await setProgress(exportId, done, total);
    };
    const reports: DocReport[] = [];
    for (const r of campaign.regions) {
      if (job.regionId && r.id !== job.regionId) continue;
      const got = await db().send(
        new GetCommand({ TableName: tableName(), Key: reportKey(campaignId, r.id) }),
      );
      const stored = maybe(parseReport)(got.Item);
      if (stored)
        reports.push({
          regionName: r.name,
          ...stored.report,
          date: stored.report.updatedAt.slice(0, 10),
        });
    }
    const key = `exports/${campaignId}/${exportId}/${job.regionId ? regionName(campaign, job.regionId) : wholeOf(levelNames(campaign.definition))}-评选材料.zip`;
    const body = new PassThrough();
    const upload = new Upload({
      client: s3(),
      params: { Bucket: exportsBucket(), Key: key, Body: body, ContentType: 'application/zip' },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
    });
    let bytes = 0;
    body.on('data', (c: Buffer) => {
      bytes += c.length;
    });
    const uploaded = upload.done();
    // an upload that fails ends the writing too (which would otherwise wait for room forever)
    uploaded.catch((e: Error) => body.destroy(e));
    let manifest: PackageManifest;
    try {
      ({ manifest } = await writeExportPackage(body, {
        campaign,
        scope: job.regionId ? `region:${job.regionId}` : 'campaign',
        auditHeadHash,
        generatedAt: clockNow(),
        nominees,
        progress,
        reports,
        quotaUses: await quotaUse(campaignId, {
          accountId: 'export-job',
          role: job.regionId ? 'county' : 'city',
          campaignId,
          name: '',
          ...(job.regionId ? { regionId: job.regionId } : {}),
        }),
      }));
    } catch (e) {
      // no half-written package: the parts uploaded so far are discarded
      body.destroy(e as Error);
      await upload.abort().catch(() => undefined);
      await uploaded.catch(() => undefined);
      throw e;
    }
    await uploaded;
    await setProgress(exportId, total, total);
    const recorded = await finishJob(
      job,
      { ...ctx, now: now() },
      {
        status: 'done',
        key,
        bytes,
        files: manifest.files.length,
        nominees: total,
        auditHeadHash,
      },
    );
    if (!recorded) logger.error('finished after the job was ended as overdue', { export_id: exportId });
    count('ExportsCompleted', { name: 'set', value: job.set });
    duration('ExportDuration', performance.now() - started);
    logger.info('export done', { export_id: exportId, nominees: total, bytes });
  } catch (e) {
    logger.error('export failed', { export_id: exportId, campaign_id: campaignId, error: e as Error });
    count('ExportsFailed');
    await finishJob(job, { ...ctx, now: now() }, { status: 'failed', error: '导出失败，请重试或联系管理员' });
  } finally {
    await spill?.remove();
  }
}
