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
 * Memory: the xlsx files and photos stream; each .docx is built whole in memory, the largest
 * being a region's combined 审批表 (see test/bench/documents.ts for the figures).
 */
import type { Writable } from 'node:stream';
import type { Campaign, Category, QuotaUse } from '#shared/campaign';
import { approvalDocx, approvalDocxCombined } from './approval-docx.ts';
import { exportBaseName, safeNamePart, uniqueNamer } from './files.ts';
import { field, nomineeName } from './format.ts';
import { opinionDocx, opinionDocxCombined } from './opinion-docx.ts';
import { type PackageManifest, PackageZip } from './package-zip.ts';
import { photoSheetDocx } from './photo-sheet-docx.ts';
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

/** The region's documents use each photo four times: fetch it once (dropped with the region). */
function withPhotoLoadedOnce(n: DocNominee): DocNominee {
  const load = n.photo;
  if (!load) return n;
  let loaded: Promise<Uint8Array> | undefined;
  return { ...n, photo: () => (loaded ??= load()) };
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
    const folder = safeNamePart(region.name);
    const inRegion: DocNominee[] = [];
    for await (const read of input.nominees({ regionId: region.id })) {
      const n = withPhotoLoadedOnce(read);
      inRegion.push(n);
      const base = unique(nomineeBaseName(n));
      await zip.add(`03-审批表/${folder}/${base}-审批表.docx`, await approvalDocx(campaign, n));
      await zip.add(`04-征求意见表/${folder}/${base}-征求意见表.docx`, await opinionDocx(campaign, n));
    }
    if (!inRegion.length) continue;
    await zip.add(
      `03-审批表/${folder}-审批表（合订本）.docx`,
      await approvalDocxCombined(campaign, inRegion),
    );
    await zip.add(
      `04-征求意见表/${folder}-征求意见表（合订本）.docx`,
      await opinionDocxCombined(campaign, inRegion),
    );
    const listing = await addPhotos(zip, inRegion, '06-照片/', photoNames);
    photos.written.push(...listing.written);
    photos.missing.push(...listing.missing);
    if (inRegion.some((n) => n.category === 'worker')) {
      await zip.add(`06-照片/${folder}-照片裁剪页.docx`, await photoSheetDocx(inRegion));
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
