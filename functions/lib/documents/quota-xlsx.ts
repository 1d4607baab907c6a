/**
 * 名额分配及使用情况表 (.xlsx): for each region in the campaign's order, and in total, the quota
 * allocated, the nominees recommended against it and what is left, per category of the
 * campaign's definition. A4 portrait.
 */
import type { Writable } from 'node:stream';
import type { QuotaUse } from '#shared/campaign';
import { campaignDocument } from '#shared/definition/documents';
import { BLANK_DATE, dateText, documentSubject } from './format.ts';
import { finishWorkbook, printableSheet, type SheetColumn, streamingWorkbook } from './sheet.ts';
import type { DocCampaign } from './types.ts';

type Tally = { quota: number; used: number };
const tally = (): Tally => ({ quota: 0, used: 0 });
const cells = (t: Tally) => [t.quota, t.used, t.quota - t.used];

/**
 * Write the quota table to `out` (ended when done): a column group per category of the
 * definition, a row per region, the totals, and for each share rule (农村学校不少于 60%) the
 * tagged regions' allocation and use with the rule and the least it asks. A region or category
 * with no QuotaUse is taken from the campaign's allocation with nothing used.
 */
export async function writeQuotaXlsx(
  out: Writable,
  input: {
    campaign: Pick<DocCampaign, 'title' | 'regions' | 'definition'>;
    uses: readonly QuotaUse[];
    asOf?: string;
  },
): Promise<void> {
  const { campaign } = input;
  const def = campaign.definition;
  const categories = def.categories;
  const use = new Map(input.uses.map((u) => [`${u.regionId}/${u.category}`, u]));
  const columns: SheetColumn[] = [
    { header: '', width: 6 },
    { header: '', width: 28 },
    ...categories.flatMap((): SheetColumn[] => [
      { header: '分配名额', width: 10 },
      { header: '已推荐', width: 10 },
      { header: '剩余', width: 10 },
    ]),
  ];
  const wb = streamingWorkbook(out);
  const ps = printableSheet(wb, out, {
    name: '名额',
    title:
      campaignDocument(def, 'quotaTable')?.title ?? `${documentSubject(campaign.title)}名额分配及使用情况表`,
    headerLine: `统计日期：${dateText(input.asOf) || BLANK_DATE}`,
    columns,
    orientation: 'portrait',
    headings: [
      [
        ['序号', 1, 1],
        [def.regionTerm, 2, 2],
        ...categories.map((c, i): [string, number, number] => [c.label, 3 + i * 3, 5 + i * 3]),
      ],
    ],
  });
  const totals = categories.map(tally);
  // per share rule: what the regions with its tag were allocated and used of its category
  const shares = (def.shares ?? []).map((rule) => ({
    rule,
    tagged: new Set(def.regions.filter((r) => r.tags?.includes(rule.tag)).map((r) => r.id)),
    sum: tally(),
  }));
  for (const [i, region] of campaign.regions.entries()) {
    const row: number[] = [];
    categories.forEach((category, k) => {
      const u = use.get(`${region.id}/${category.id}`);
      const quota = u?.quota ?? region.quotas[category.id] ?? 0;
      const used = u?.used ?? 0;
      const total = totals[k] as Tally;
      total.quota += quota;
      total.used += used;
      for (const s of shares) {
        if (s.rule.category === category.id && s.tagged.has(region.id)) {
          s.sum.quota += quota;
          s.sum.used += used;
        }
      }
      row.push(quota, used, quota - used);
    });
    await ps.addRow([i + 1, region.name, ...row]);
  }
  await ps.addRow(['', '合计', ...totals.flatMap(cells)]);
  for (const { rule, sum } of shares) {
    const at = categories.findIndex((c) => c.id === rule.category);
    const category = categories[at];
    if (!category) continue;
    const least = Math.ceil((category.total * rule.atLeastPercent) / 100);
    const counter = category.counter ?? (category.kind === 'person' ? '名' : '个');
    await ps.addRow([
      '',
      `其中：${rule.tag}${def.regionTerm}`,
      ...categories.flatMap((_, k): (string | number)[] => (k === at ? cells(sum) : ['', '', ''])),
    ]);
    await ps.addRow(['', `${rule.text}（至少 ${least} ${counter}）`]);
  }
  await finishWorkbook(wb, ps);
}
