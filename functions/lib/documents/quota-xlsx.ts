/**
 * 名额分配及使用情况表 (.xlsx): for each region in the campaign's order, and in total, the quota
 * allocated, the nominees recommended against it and what is left, per category. A4 portrait.
 */
import type { Writable } from 'node:stream';
import { CATEGORIES, CATEGORY_LABELS, type QuotaUse } from '#shared/campaign';
import { BLANK_DATE, dateText, documentSubject } from './format.ts';
import { finishWorkbook, printableSheet, type SheetColumn, streamingWorkbook } from './sheet.ts';
import type { DocCampaign } from './types.ts';

const COLUMNS: SheetColumn[] = [
  { header: '', width: 6 },
  { header: '', width: 28 },
  ...CATEGORIES.flatMap((): SheetColumn[] => [
    { header: '分配名额', width: 10 },
    { header: '已推荐', width: 10 },
    { header: '剩余', width: 10 },
  ]),
];

/**
 * Write the quota table to `out` (ended when done). A region or category with no QuotaUse is
 * taken from the campaign's allocation with nothing used.
 */
export async function writeQuotaXlsx(
  out: Writable,
  input: { campaign: Pick<DocCampaign, 'title' | 'regions'>; uses: readonly QuotaUse[]; asOf?: string },
): Promise<void> {
  const { campaign } = input;
  const use = new Map(input.uses.map((u) => [`${u.regionId}/${u.category}`, u]));
  const wb = streamingWorkbook(out);
  const ps = printableSheet(wb, out, {
    name: '名额',
    title: `${documentSubject(campaign.title)}名额分配及使用情况表`,
    headerLine: `统计日期：${dateText(input.asOf) || BLANK_DATE}`,
    columns: COLUMNS,
    orientation: 'portrait',
    headings: [
      [
        ['序号', 1, 1],
        ['县（区）', 2, 2],
        ...CATEGORIES.map((c, i): [string, number, number] => [CATEGORY_LABELS[c], 3 + i * 3, 5 + i * 3]),
      ],
    ],
  });
  const totals = CATEGORIES.map(() => ({ quota: 0, used: 0 }));
  for (const [i, region] of campaign.regions.entries()) {
    const cells: number[] = [];
    CATEGORIES.forEach((category, k) => {
      const u = use.get(`${region.id}/${category}`);
      const quota = u?.quota ?? region.quotas[category] ?? 0;
      const used = u?.used ?? 0;
      (totals[k] as { quota: number; used: number }).quota += quota;
      (totals[k] as { quota: number; used: number }).used += used;
      cells.push(quota, used, quota - used);
    });
    await ps.addRow([i + 1, region.name, ...cells]);
  }
  await ps.addRow(['', '合计', ...totals.flatMap((t) => [t.quota, t.used, t.quota - t.used])]);
  await finishWorkbook(wb, ps);
}
