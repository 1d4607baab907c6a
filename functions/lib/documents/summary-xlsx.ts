/**
 * A category's 推荐汇总表 (.xlsx) with the columns its definition lists (序号, 县（区）, 姓名 … 备注
 * in Puyang; 序号, 学校, 姓名 … 事迹简介 in Qingfeng): one row per nomination, numbered in the
 * campaign's region order, printed on A4 landscape with the title and headings on every page.
 * Streams: rows are read one at a time and written out, so 10,000 rows need no more memory than 10
 * (measured by test/bench/documents.ts: 10,000 and 50,000 rows both peak at ~20 MB above the
 * process's baseline, in about 1 and 2.5 s).
 */

import type { Writable } from 'node:stream';
import type { Category } from '#shared/campaign';
import { categoryDocument, categoryIn, type DocumentOf } from '#shared/definition/documents';
import type { CategoryDefinition, FormField } from '#shared/definition/schema';
import { ranksByScore } from '#shared/vote-score';
import { BLANK_DATE, dateText, fieldValue } from './format.ts';
import { finishWorkbook, printableSheet, type SheetColumn, streamingWorkbook, textUnits } from './sheet.ts';
import {
  type DocCampaign,
  type DocNominee,
  DocumentInputError,
  type Rows,
  type SummaryHeader,
} from './types.ts';

/** The width (Excel units) of A4 landscape at 12 pt, which the columns share. */
const PAGE_UNITS = 146;
/** The width of a column the definition gives none, by what it holds (a long text takes what is left). */
const VALUE_UNITS = { seq: 6, region: 16, unit: 16, remark: 8 } as const;

/** What a cell of the table holds: the running number, the nominee's region, unit or remark, or a field. */
type Cell = (n: DocNominee, seq: number) => string | number;

/** One column of a category's 汇总表: how it is printed and what each row puts in it. */
export interface SummaryColumn extends SheetColumn {
  cell: Cell;
}

/** A field long enough to wrap reads left-aligned: a long text, or a text of more than 40 characters. */
const wraps = (f: FormField | undefined) => f?.kind === 'longText' || (f?.kind === 'text' && f.maxChars > 40);

/** The width of a field's column when the definition gives none (0: a share of what is left). */
function fieldUnits(f: FormField | undefined, header: string): number {
  const heading = Math.ceil(textUnits(header) + 1.5);
  if (!f || f.kind === 'longText') return 0;
  const widest =
    f.kind === 'choice'
      ? Math.min(14, Math.ceil(Math.max(...f.options.map(textUnits)) + 1.5))
      : f.kind === 'text'
        ? f.maxChars <= 20
          ? 9
          : f.maxChars <= 40
            ? 14
            : 22
        : f.kind === 'yearMonth' || f.kind === 'date'
          ? 11
          : f.kind === 'idNumber'
            ? 21
            : 8;
  return Math.max(heading, widest);
}

/**
 * The columns of a category's 汇总表, as its definition lists them: each column's heading and
 * width (a column given no width gets one by what it holds; long texts share what is left of the
 * page), what its cells hold, long values left-aligned.
 */
export function summaryColumns(
  cat: CategoryDefinition,
  doc: Pick<DocumentOf<'summaryTable'>, 'columns'>,
): SummaryColumn[] {
  const byKey = new Map(cat.form.map((f) => [f.key, f]));
  const planned = doc.columns.map((col) => {
    const f = col.field === undefined ? undefined : byKey.get(col.field);
    const units = col.width ?? (col.value ? VALUE_UNITS[col.value] : fieldUnits(f, col.header));
    let cell: Cell;
    switch (col.value) {
      case 'seq':
        cell = (_, seq) => seq;
        break;
      case 'region':
        cell = (n) => n.regionName;
        break;
      case 'unit':
        cell = (n) => n.unitName;
        break;
      case 'remark':
        cell = (n) => n.remark ?? '';
        break;
      default: {
        const field = f;
        // a collective not yet named goes by its unit, as the lists name it
        const orUnit = cat.kind === 'collective' && field?.key === cat.nameField;
        cell = (n) => {
          const v = field ? fieldValue(field, n.form) : '';
          return v === '' && orUnit ? n.unitName : v;
        };
      }
    }
    return { header: col.header, units, cell, left: wraps(f) };
  });
  const fixed = planned.reduce((n, c) => n + c.units, 0);
  const shared = planned.filter((c) => c.units === 0).length;
  const share = shared ? Math.max(20, Math.floor((PAGE_UNITS - fixed) / shared)) : 0;
  return planned.map(({ header, units, cell, left }) => ({
    header,
    width: units || share,
    ...(left ? { align: 'left' as const } : {}),
    cell,
  }));
}

/** The category's 汇总表 as the campaign defines it; refused when the definition lists none. */
export function summaryTableOf(
  campaign: Pick<DocCampaign, 'definition'>,
  category: Category,
): { cat: CategoryDefinition; doc: DocumentOf<'summaryTable'> } {
  const doc = categoryDocument(campaign.definition, 'summaryTable', category);
  if (!doc) throw new DocumentInputError(`本次评选没有类别“${category}”的推荐汇总表`);
  return { cat: categoryIn(campaign.definition, category), doc };
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
 * `nominees` must come in the campaign's region order (see `inRegionOrder`), or, when the notice
 * ranks by score, in score order (the export's `inVoteOrder`); a nominee of the other category, or
 * of a region out of order, is refused rather than silently misnumbered.
 * Resolves with the number of rows written.
 */
export async function writeSummaryXlsx(
  out: Writable,
  input: { campaign: DocCampaign; category: Category; header?: SummaryHeader; nominees: Rows<DocNominee> },
): Promise<{ rows: number }> {
  const { campaign, category } = input;
  const { cat, doc } = summaryTableOf(campaign, category);
  const columns = summaryColumns(cat, doc);
  const order = new Map(campaign.regions.map((r, i) => [r.id, i]));
  // a ranked notice lists its nominees by score, across regions
  const ranked = ranksByScore(campaign);
  const wb = streamingWorkbook(out);
  const ps = printableSheet(wb, out, {
    name: cat.label,
    title: doc.title,
    headerLine: summaryHeaderLine(input.header ?? {}),
    columns,
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
      if (!ranked && at < regionAt) {
        throw new DocumentInputError(`推荐对象 ${n.id} 未按县区顺序排列（${n.regionName} 应在前面）`);
      }
      regionAt = at;
      seq++;
      await ps.addRow(columns.map((c) => c.cell(n, seq)));
    }
  } catch (err) {
    // a half-written workbook must not look complete to whoever reads `out`
    out.destroy(err as Error);
    throw err;
  }
  await finishWorkbook(wb, ps);
  return { rows: seq };
}
