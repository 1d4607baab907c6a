/**
 * 先进工作者推荐汇总表 / 先进集体推荐汇总表 (.xlsx): one row per nomination, numbered (序号) in the
 * campaign's region order, printed on A4 landscape with the title and headings on every page.
 * Streams: rows are read one at a time and written out, so 10,000 rows need no more memory than 10
 * (measured by test/bench/documents.ts: 10,000 and 50,000 rows both peak at ~20 MB above the
 * process's baseline, in about 1 and 2.5 s).
 */
import type { Writable } from 'node:stream';
import type { Category } from '#shared/campaign';
import { BLANK_DATE, dateText, documentTitle, field, officialMonth } from './format.ts';
import { finishWorkbook, printableSheet, type SheetColumn, streamingWorkbook } from './sheet.ts';
import {
  type DocCampaign,
  type DocNominee,
  DocumentInputError,
  type Rows,
  type SummaryHeader,
} from './types.ts';

/**
 * Column widths (Excel units) add up to ~146, the width of A4 landscape at 12 pt. 县（区） follows
 * 序号 so that a city-wide table says where each nominee comes from.
 */
const WORKER_COLUMNS: SheetColumn[] = [
  { header: '序号', width: 6 },
  { header: '县（区）', width: 9 },
  { header: '姓名', width: 9 },
  { header: '性别', width: 6 },
  { header: '民族', width: 7 },
  { header: '出生年月', width: 11 },
  { header: '政治面貌', width: 10 },
  { header: '学历', width: 10 },
  { header: '工作单位及职务', width: 22, align: 'left' },
  { header: '职称', width: 9 },
  { header: '个人身份', width: 10 },
  { header: '事迹简介', width: 31, align: 'left' },
  { header: '备注', width: 7 },
];
const COLLECTIVE_COLUMNS: SheetColumn[] = [
  { header: '序号', width: 6 },
  { header: '县（区）', width: 9 },
  { header: '单位名称', width: 30, align: 'left' },
  { header: '单位性质', width: 12 },
  { header: '负责人', width: 10 },
  { header: '职工人数', width: 10 },
  { header: '事迹简介', width: 57, align: 'left' },
  { header: '备注', width: 12 },
];

export const SUMMARY_COLUMNS: Record<Category, readonly SheetColumn[]> = {
  worker: WORKER_COLUMNS,
  collective: COLLECTIVE_COLUMNS,
};

function workerRow(n: DocNominee): (string | number)[] {
  const f = n.form;
  return [
    field(f, 'name'),
    field(f, 'sex'),
    field(f, 'ethnicity'),
    officialMonth(f.birthMonth),
    field(f, 'politicalStatus'),
    field(f, 'education'),
    field(f, 'unitAndPost'),
    field(f, 'professionalTitle'),
    field(f, 'personalIdentity'),
    field(f, 'summary'),
    n.remark ?? '',
  ];
}

function collectiveRow(n: DocNominee): (string | number)[] {
  const f = n.form;
  return [
    field(f, 'unitName') || n.unitName,
    field(f, 'unitNature'),
    field(f, 'leader'),
    typeof f.staffCount === 'number' ? f.staffCount : field(f, 'staffCount'),
    field(f, 'summary'),
    n.remark ?? '',
  ];
}

/** 填报单位（盖章）：… 联系人：… 电话：… 日期：2024年1月18日, with blanks left for the pen. */
export function summaryHeaderLine(h: SummaryHeader): string {
  const blank = (v: string | undefined, width: number) => v || '　'.repeat(width);
  return [
    `填报单位（盖章）：${blank(h.unit, 8)}`,
    `联系人：${blank(h.contact, 4)}`,
    `电话：${blank(h.phone, 6)}`,
    `日期：${dateText(h.date) || BLANK_DATE}`,
  ].join('　　　　');
}

/**
 * Write the 汇总表 of one category to `out` (ended when the workbook is complete, destroyed with
 * the error when a nominee is refused or the source fails).
 * `nominees` must come in the campaign's region order (see `inRegionOrder`); a nominee of the
 * other category, or of a region out of order, is refused rather than silently misnumbered.
 * Resolves with the number of rows written.
 */
export async function writeSummaryXlsx(
  out: Writable,
  input: { campaign: DocCampaign; category: Category; header?: SummaryHeader; nominees: Rows<DocNominee> },
): Promise<{ rows: number }> {
  const { campaign, category } = input;
  const order = new Map(campaign.regions.map((r, i) => [r.id, i]));
  const wb = streamingWorkbook(out);
  const ps = printableSheet(wb, out, {
    name: category === 'worker' ? '先进工作者' : '先进集体',
    title: documentTitle(campaign.title, category, '推荐汇总表'),
    headerLine: summaryHeaderLine(input.header ?? {}),
    columns: [...(SUMMARY_COLUMNS[category] ?? [])],
    orientation: 'landscape',
  });
  let seq = 0;
  let regionAt = 0;
  try {
    for await (const n of input.nominees) {
      if (n.category !== category) {
        throw new DocumentInputError(`汇总表（${category}）收到了其他类别的推荐对象 ${n.id}`);
      }
      const at = order.get(n.regionId);
      if (at === undefined) {
        throw new DocumentInputError(`推荐对象 ${n.id} 的县区 ${n.regionId} 不在本次评选中`);
      }
      if (at < regionAt) {
        throw new DocumentInputError(`推荐对象 ${n.id} 未按县区顺序排列（${n.regionName} 应在前面）`);
      }
      regionAt = at;
      seq++;
      await ps.addRow([seq, n.regionName, ...(category === 'worker' ? workerRow(n) : collectiveRow(n))]);
    }
  } catch (err) {
    // a half-written workbook must not look complete to whoever reads `out`
    out.destroy(err as Error);
    throw err;
  }
  await finishWorkbook(wb, ps);
  return { rows: seq };
}
