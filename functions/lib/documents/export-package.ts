/**
 * The full export package: every document of a campaign (or of the part an export covers) in one
 * zip, written as a stream, ending with manifest.json (each file's size and SHA-256, and the
 * audit chain's head when the export was made).
 *
 *   01-汇总表/先进工作者推荐汇总表.xlsx, 01-汇总表/先进集体推荐汇总表.xlsx
 *   02-名额分配及使用情况表.xlsx
 *   03-审批表/<县区>/<县区-单位-姓名>-审批表.docx, 03-审批表/<县区>-审批表（合订本）.docx
 *   04-征求意见表/<县区>/<…>-征求意见表.docx, 04-征求意见表/<县区>-征求意见表（合订本）.docx
 *   05-审核推荐工作报告/<县区>-审核推荐工作报告.docx
 *   06-照片/<县区-单位-姓名>.jpg, 06-照片/<县区>-照片裁剪页.docx
 *   manifest.json
 *
 * Memory: nothing grows with the number of nominees. The xlsx files, photos and combined forms
 * and the photo sheet stream (a region's nominees are read again for each file rather than held,
 * each photo fetched once and kept on disk meanwhile); a single form is built whole (tens of KB).
 * See test/bench/documents.ts and `npm run bench:export` for the figures.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { Campaign, Category, QuotaUse, Region } from '#shared/campaign';
import { approvalDocx, writeApprovalDocxCombined } from './approval-docx.ts';
import { exportBaseName, safeNamePart, uniqueNamer } from './files.ts';
import { field, nomineeName } from './format.ts';
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
}

/** 华龙区-华龙区财政局-李建国 for a worker, 华龙区-濮阳市华龙区财政局 for a collective. */
export function nomineeBaseName(n: DocNominee): string {
  return n.category === 'worker'
    ? exportBaseName(n.regionName, n.unitName, field(n.form, 'name'))
    : exportBaseName(n.regionName, nomineeName(n));
}

/**
 * The region's documents use each photo four times (审批表, combined 审批表, 06-照片, photo sheet),
 * and each reads the region afresh: the first read fetches each photo once and keeps it in a
 * temporary file, the later reads take it from there. Memory stays flat; the disk holds one
 * region's photos at a time.
 */
class PhotoSpill {
  private readonly files = new Map<string, string>();
  private dir: string | undefined;

  /** The nominee whose photo is fetched once and kept on disk. */
  async keep(n: DocNominee): Promise<DocNominee> {
    const load = n.photo;
    if (!load || n.category !== 'worker') return n;
    this.dir ??= await mkdtemp(join(tmpdir(), 'pingxuan-photos-'));
    const file = join(this.dir, `${this.files.size}.jpg`);
    await writeFile(file, await load());
    this.files.set(n.id, file);
    return this.reuse(n);
  }

  /** The nominee with its photo read from disk, when it was kept. */
  reuse(n: DocNominee): DocNominee {
    const file = this.files.get(n.id);
    return file ? { ...n, photo: () => readFile(file) } : n;
  }

  async *reread(rows: Rows<DocNominee>): AsyncGenerator<DocNominee> {
    for await (const n of rows) yield this.reuse(n);
  }

  async clear(): Promise<void> {
    this.files.clear();
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
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
  for (const [category, name] of [
    ['worker', '先进工作者推荐汇总表'],
    ['collective', '先进集体推荐汇总表'],
  ] as const) {
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
  const unique = uniqueNamer();
  const photoNames = uniqueNamer();
  for (const region of campaign.regions) {
    const spill = new PhotoSpill();
    try {
      await writeRegion(region, spill);
    } finally {
      await spill.clear();
    }
  }
  async function writeRegion(region: Region, spill: PhotoSpill) {
    const folder = safeNamePart(region.name);
    // each pass reads the region's nominees afresh: none is held longer than its own documents
    const inRegion = () => spill.reread(input.nominees({ regionId: region.id }));
    let any = false;
    let anyWorker = false;
    for await (const read of input.nominees({ regionId: region.id })) {
      const n = await spill.keep(read);
      any = true;
      if (n.category === 'worker') anyWorker = true;
      const base = unique(nomineeBaseName(n));
      await zip.add(`03-审批表/${folder}/${base}-审批表.docx`, await approvalDocx(campaign, n));
      await zip.add(`04-征求意见表/${folder}/${base}-征求意见表.docx`, await opinionDocx(campaign, n));
    }
    if (!any) return;
    await zip.addFrom(`03-审批表/${folder}-审批表（合订本）.docx`, (w) =>
      writeApprovalDocxCombined(w, campaign, inRegion),
    );
    await zip.addFrom(`04-征求意见表/${folder}-征求意见表（合订本）.docx`, (w) =>
      writeOpinionDocxCombined(w, campaign, inRegion()),
    );
    const listing = await addPhotos(zip, inRegion(), '06-照片/', photoNames);
    photos.written.push(...listing.written);
    photos.missing.push(...listing.missing);
    if (anyWorker) {
      await zip.addFrom(`06-照片/${folder}-照片裁剪页.docx`, (w) => writePhotoSheetDocx(w, inRegion));
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
