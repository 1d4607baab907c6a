/**
 * The full export package: every document of a campaign (or of the part an export covers) in one
 * zip, written as a stream, ending with manifest.json (each file's size and SHA-256, and the
 * audit chain's head when the export was made).
 *
 *   01-汇总表/<类别>推荐汇总表.xlsx (先进工作者推荐汇总表, 先进集体推荐汇总表; 优秀教师推荐汇总表 …)
 *   02-名额分配及使用情况表.xlsx
 * (one 汇总表 per category whose definition lists one, the categories of people first)
 *   03-审批表/<县区>/<县区-单位-姓名>-审批表.docx, 03-审批表/<县区>-审批表（合订本）.docx
 *   04-征求意见表/<县区>/<…>-征求意见表.docx, 04-征求意见表/<县区>-征求意见表（合订本）.docx
 *   05-审核推荐工作报告/<县区>-审核推荐工作报告.docx
 *   06-照片/<县区-单位-姓名>.jpg, 06-照片/<县区>-照片裁剪页.docx
 *   07-盖章扫描件/<县区>/<单位-姓名>-<种类>.jpg|pdf (the unit publicity's notice, the three opinions)
 *   manifest.json
 *
 * Memory: nothing grows with the number of nominees. The xlsx files, photos and combined forms
 * and the photo sheet stream (a region's nominees are read again for each file rather than held,
 * each photo fetched once and kept on disk meanwhile); a single form is built whole (tens of KB).
 * See test/bench/documents.ts and `npm run bench:export` for the figures.
 */
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import {
  type Campaign,
  type Category,
  categoryBriefs,
  photoRequired,
  type QuotaUse,
  type Region,
} from '#shared/campaign';
import { campaignDocument, categoryDocument } from '#shared/definition/documents';
import { photoRulesOf } from '#shared/photo-rules';
import { approvalDocx, writeApprovalDocxCombined } from './approval-docx.ts';
import { exportBaseName, safeNamePart, uniqueNamer } from './files.ts';
import { field, isPerson, nomineeName } from './format.ts';
import { opinionDocx, writeOpinionDocxCombined } from './opinion-docx.ts';
import { type PackageManifest, PackageZip } from './package-zip.ts';
import { writePhotoSheetDocx } from './photo-sheet-docx.ts';
import { addPhotos, type PhotoListing } from './photos-zip.ts';
import { writeQuotaXlsx } from './quota-xlsx.ts';
import { reportDocx } from './report-docx.ts';
import { writeSummaryXlsx } from './summary-xlsx.ts';
import type { CountyReport, DocCampaign, DocNominee, Rows, SummaryHeader } from './types.ts';

export interface PackageInput {
  campaign: DocCampaign & Partial<Pick<Campaign, 'docNumber'>>;
  /** 'campaign', 'region:<id>', … as the export job names what it covers. */
  scope: string;
  auditHeadHash: string;
  generatedAt: Date;
  /**
   * The nominees the package covers, read afresh for each pass (the package reads them several
   * times: by category for the 汇总表, by region for the forms), in the campaign's region order.
   */
  nominees: (filter: { category?: Category; regionId?: string }) => Rows<DocNominee>;
  /** The counties' reports (those written so far). */
  reports: Rows<CountyReport>;
  quotaUses: readonly QuotaUse[];
  /** The 填报单位 line of the 汇总表 (the city office, for a campaign export). */
  summaryHeader?: SummaryHeader;
  /** Photo bytes a region keeps in memory before the rest go to disk (PHOTO_MEMORY_BYTES). */
  photoMemoryBytes?: number;
  /** Told how many nominees' forms are written, after each one (what a person waits for). */
  progress?: (done: number) => Promise<void>;
}

/**
 * 华龙区-华龙区财政局-李建国 for a person, 华龙区-濮阳市华龙区财政局 for a collective (by the
 * campaign's categories; without it, a form with a 姓名 is a person's).
 */
export function nomineeBaseName(n: DocNominee, campaign?: Pick<Campaign, 'definition'>): string {
  return isPerson(n, campaign && categoryBriefs(campaign))
    ? exportBaseName(n.regionName, n.unitName, field(n.form, 'name'))
    : exportBaseName(n.regionName, nomineeName(n, campaign));
}

/**
 * The 汇总表 files of the package: one per category whose definition lists one, named after its
 * category (先进工作者推荐汇总表.xlsx), the categories of people first, as the package has always
 * put 先进工作者 before 先进集体.
 */
export function summaryFiles(campaign: Pick<Campaign, 'definition'>): { category: Category; name: string }[] {
  const cats = campaign.definition.categories;
  return [...cats.filter((c) => c.kind === 'person'), ...cats.filter((c) => c.kind !== 'person')]
    .filter((c) => categoryDocument(campaign.definition, 'summaryTable', c.id))
    .map((c) => ({ category: c.id, name: `${c.label}推荐汇总表` }));
}

/** Where a region's photos past the memory budget are kept (removed after the region; see also export-run). */
export const PHOTOS_TEMP_PREFIX = 'pingxuan-photos-';

/** Photos kept in memory per region (about 400 two-inch photos); the rest go to a temporary file. */
export const PHOTO_MEMORY_BYTES = 16 * 1024 * 1024;

/**
 * One region's photos, fetched once for the four documents that use each (审批表, combined 审批表,
 * 06-照片, photo sheet), which read the region afresh: fetched several at a time (a fetch waits on
 * the network, not on the CPU) and kept in memory up to a fixed budget, past it in a temporary
 * file. Memory stays bounded whatever the number of nominees: at most two regions' budgets (the
 * region being written and the next, fetched meanwhile).
 */
class RegionPhotos {
  private readonly inMemory = new Map<string, Uint8Array>();
  private readonly onDisk = new Map<string, { position: number; length: number }>();
  private memory = 0;
  private size = 0;
  private file: Promise<{ dir: string; handle: FileHandle }> | undefined;
  private removed = false;

  private constructor(private readonly budget: number) {}

  /** Fetch the photos among `rows` that `wanted` says the documents use, `parallel` at a time; fails with the first failure. */
  static async fetch(
    rows: Rows<DocNominee>,
    wanted: (n: DocNominee) => boolean,
    budget: number,
    signal: AbortSignal,
    parallel = 8,
  ): Promise<RegionPhotos> {
    const photos = new RegionPhotos(budget);
    const running = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    try {
      for await (const n of rows) {
        if (failure || signal.aborted) break;
        const load = n.photo;
        if (!load || !wanted(n)) continue;
        const fetching: Promise<void> = load()
          .then((bytes) => photos.keep(n.id, bytes))
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => running.delete(fetching));
        running.add(fetching);
        if (running.size >= parallel) await Promise.race(running);
      }
    } catch (error) {
      failure ??= { error };
    }
    // every fetch has ended before the photos are used, or removed
    await Promise.all(running);
    if (failure || signal.aborted) {
      await photos.remove();
      throw failure?.error ?? signal.reason;
    }
    return photos;
  }

  private async keep(id: string, bytes: Uint8Array) {
    if (this.removed) return;
    if (this.memory + bytes.length <= this.budget) {
      this.memory += bytes.length;
      this.inMemory.set(id, bytes);
      return;
    }
    const position = this.size;
    this.size += bytes.length; // claimed before the write, so concurrent writes never overlap
    this.file ??= mkdtemp(join(tmpdir(), PHOTOS_TEMP_PREFIX)).then(async (dir) => ({
      dir,
      handle: await open(join(dir, 'photos.bin'), 'w+'),
    }));
    const { bytesWritten } = await (await this.file).handle.write(bytes, 0, bytes.length, position);
    if (bytesWritten !== bytes.length) throw new Error('a photo could not be written to /tmp');
    this.onDisk.set(id, { position, length: bytes.length }); // only once it is there whole
  }

  /** The nominees with their photos read from where they were kept (those without one as they are). */
  async *of(rows: Rows<DocNominee>): AsyncGenerator<DocNominee> {
    for await (const n of rows) {
      const bytes = this.inMemory.get(n.id);
      const at = this.onDisk.get(n.id);
      if (bytes) yield { ...n, photo: async () => bytes };
      else if (at) yield { ...n, photo: () => this.read(at) };
      else yield n;
    }
  }

  private async read({ position, length }: { position: number; length: number }) {
    const { handle } = await (this.file as NonNullable<typeof this.file>);
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(length), 0, length, position);
    if (bytesRead !== length) throw new Error('a photo kept in /tmp was cut short');
    return buffer;
  }

  async remove(): Promise<void> {
    this.removed = true;
    this.inMemory.clear();
    const file = await this.file?.catch(() => undefined);
    if (!file) return;
    await file.handle.close().catch(() => undefined);
    await rm(file.dir, { recursive: true, force: true });
  }
}

/** Write the package to `out` (ended when done). Resolves with the manifest and the photo listing. */
export async function writeExportPackage(
  out: Writable,
  input: PackageInput,
): Promise<{ manifest: PackageManifest; photos: PhotoListing }> {
  const { campaign } = input;
  const zip = new PackageZip(out, {
    campaignId: campaign.id,
    scope: input.scope,
    auditHeadHash: input.auditHeadHash,
    generatedAt: input.generatedAt,
  });
  for (const { category, name } of summaryFiles(campaign)) {
    await zip.addFrom(`01-汇总表/${name}.xlsx`, (w) =>
      writeSummaryXlsx(w, {
        campaign,
        category,
        nominees: input.nominees({ category }),
        ...(input.summaryHeader ? { header: input.summaryHeader } : {}),
      }),
    );
  }
  await zip.addFrom('02-名额分配及使用情况表.xlsx', (w) =>
    writeQuotaXlsx(w, {
      campaign,
      uses: input.quotaUses,
      asOf: input.generatedAt.toISOString().slice(0, 10),
    }),
  );

  const photos: PhotoListing = { written: [], missing: [] };
  const photo = photoRulesOf(campaign);
  const withPhoto = (n: DocNominee) => photoRequired(campaign, n.category);
  const sheetTitle = campaignDocument(campaign.definition, 'photoSheet')?.title;
  const unique = uniqueNamer();
  const photoNames = uniqueNamer();
  const scanNames = uniqueNamer();
  let done = 0;
  const regions = campaign.regions;
  // the next region's photos are fetched while this region's documents are written
  const stop = new AbortController();
  const fetchPhotos = (i: number) => {
    const region = regions[i];
    if (!region) return undefined;
    const fetching = RegionPhotos.fetch(
      input.nominees({ regionId: region.id }),
      withPhoto,
      input.photoMemoryBytes ?? PHOTO_MEMORY_BYTES,
      stop.signal,
    );
    fetching.catch(() => undefined); // awaited in its turn, or removed below
    return fetching;
  };
  let next = fetchPhotos(0);
  try {
    for (let i = 0; i < regions.length; i++) {
      const fetched = next as Promise<RegionPhotos>;
      next = fetchPhotos(i + 1);
      const regionPhotos = await fetched;
      try {
        await writeRegion(regions[i] as Region, regionPhotos);
      } finally {
        await regionPhotos.remove();
      }
    }
  } finally {
    stop.abort(); // a failure stops the next region's fetching too
    await next?.then((left) => left.remove()).catch(() => undefined);
  }
  async function writeRegion(region: Region, regionPhotos: RegionPhotos) {
    const folder = safeNamePart(region.name);
    // each pass reads the region's nominees afresh: none is held longer than its own documents
    const inRegion = () => regionPhotos.of(input.nominees({ regionId: region.id }));
    let any = false;
    let anyPhoto = false;
    for await (const n of inRegion()) {
      any = true;
      if (withPhoto(n)) anyPhoto = true;
      const base = unique(nomineeBaseName(n, campaign));
      await zip.add(`03-审批表/${folder}/${base}-审批表.docx`, await approvalDocx(campaign, n));
      await zip.add(`04-征求意见表/${folder}/${base}-征求意见表.docx`, await opinionDocx(campaign, n));
      await input.progress?.(++done);
    }
    if (!any) return;
    await zip.addFrom(`03-审批表/${folder}-审批表（合订本）.docx`, (w) =>
      writeApprovalDocxCombined(w, campaign, inRegion),
    );
    await zip.addFrom(`04-征求意见表/${folder}-征求意见表（合订本）.docx`, (w) =>
      writeOpinionDocxCombined(w, campaign, inRegion()),
    );
    const listing = await addPhotos(zip, inRegion(), '06-照片/', photoNames, withPhoto);
    photos.written.push(...listing.written);
    photos.missing.push(...listing.missing);
    // a campaign that asks for no paper prints (electronic photos only) gets no sheet to cut
    if (anyPhoto && photo.prints > 0) {
      await zip.addFrom(`06-照片/${folder}-照片裁剪页.docx`, (w) =>
        writePhotoSheetDocx(w, inRegion, photo, {
          wanted: withPhoto,
          ...(sheetTitle ? { heading: sheetTitle } : {}),
        }),
      );
    }
    await addScans(folder, inRegion());
  }
  /** Each nominee's stamped scans, one at a time (a scan is read only while it is written). */
  async function addScans(folder: string, rows: Rows<DocNominee>) {
    for await (const n of rows) {
      for (const scan of (await n.scans?.()) ?? []) {
        const who = isPerson(n, categoryBriefs(campaign))
          ? [n.unitName, field(n.form, 'name')]
          : [nomineeName(n, campaign)];
        const name = scanNames(`${folder}/${exportBaseName(...who, scan.kind)}.${scan.extension}`);
        await zip.add(`07-盖章扫描件/${name}`, await scan.load());
      }
    }
  }
  const reportNames = uniqueNamer();
  for await (const report of input.reports) {
    const name = reportNames(`${safeNamePart(report.regionName)}-审核推荐工作报告.docx`);
    await zip.add(`05-审核推荐工作报告/${name}`, await reportDocx(campaign, report));
  }
  const manifest = await zip.finish();
  return { manifest, photos };
}
