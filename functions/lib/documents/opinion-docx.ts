/**
 * 征求意见表 (.docx): the nominee as the definition's opinion form lists it (Puyang: name, sex,
 * unit and post; or the collective's name, nature and leader), short fields two to a row, then
 * one box per department of the definition (组织人事, 纪检监察, 公安; 师德师风) with its recorded
 * conclusion, text and 文号, （盖章） and the date, or left blank for the department to fill in on
 * paper. No ID number: it is printed only on the 审批表.
 */
import type { Writable } from 'node:stream';
import { categoryDocument, categoryIn } from '#shared/definition/documents';
import type { FormField } from '#shared/definition/schema';
import { opinionsOf } from '#shared/opinions';
import { documentTitle, fieldValue, nomineeName } from './format.ts';
import {
  bufferSink,
  docxBuffer,
  gridTable,
  label,
  opinionBox,
  para,
  type Reread,
  type RowSpec,
  title,
  value,
  writeEachDocx,
  type Xml,
} from './ooxml.ts';
import { FONTS, SIZES } from './page.ts';
import type { DepartmentOpinion, DocCampaign, DocNominee } from './types.ts';

const GRID = [30, 48, 30, 48] as const;
const FACT_MM = 12;
const BOX_MM = 55;

/** The latest opinion each department gave (a department may have been asked again). */
function latestByDepartment(list: readonly DepartmentOpinion[] = []): Map<string, DepartmentOpinion> {
  const latest = new Map<string, DepartmentOpinion>();
  for (const o of list) {
    const seen = latest.get(o.department);
    if (!seen || seen.date <= o.date) latest.set(o.department, o);
  }
  return latest;
}

/** A label too long for its 30 mm cell breaks after four characters (工作单位\n及职务). */
const labelLines = (text: string) => (text.length > 6 ? text.replace(/(.{4})(?=.)/gu, '$1\n') : text);

/**
 * The nominee as the opinion form lists it (its `subject` fields; the category's name field when
 * the definition has no opinion form): short fields two to a row, a long one alone; a collective
 * not yet named goes by its unit. Never the ID number.
 */
function subjectRows(campaign: Pick<DocCampaign, 'definition'>, n: DocNominee): RowSpec[] {
  const cat = categoryIn(campaign.definition, n.category);
  const keys = categoryDocument(campaign.definition, 'opinionForm', n.category)?.subject ?? [cat.nameField];
  const fields = keys.flatMap((key) => cat.form.filter((f) => f.key === key && f.kind !== 'idNumber'));
  const shown = (f: FormField) =>
    f.key === cat.nameField ? nomineeName(n, campaign) : String(fieldValue(f, n.form));
  const wide = (f: FormField) => f.kind === 'longText' || (f.kind === 'text' && f.maxChars > 30);
  const rows: RowSpec[] = [];
  for (let i = 0; i < fields.length; i++) {
    const a = fields[i] as FormField;
    const b = fields[i + 1];
    const cells =
      !wide(a) && b && !wide(b)
        ? [label(labelLines(a.label)), value(shown(a)), label(labelLines(b.label)), value(shown(b))]
        : [label(labelLines(a.label)), value(shown(a), 3)];
    if (cells.length === 4) i++;
    rows.push({ cells, minMm: FACT_MM });
  }
  return rows;
}

/** The opinion form's title: the definition's, or <subject><category>推荐对象征求意见表. */
function opinionTitle(campaign: Pick<DocCampaign, 'title' | 'definition'>, category: string): string {
  return (
    categoryDocument(campaign.definition, 'opinionForm', category)?.title ??
    documentTitle(campaign.title, categoryIn(campaign.definition, category).label, '推荐对象征求意见表')
  );
}

function opinionBody(
  campaign: Pick<DocCampaign, 'title' | 'definition'>,
  n: DocNominee,
  first: boolean,
): Xml {
  const latest = latestByDepartment(n.departmentOpinions);
  const boxes = opinionsOf(campaign).map((rule): RowSpec => {
    const d = rule.department;
    const o = latest.get(d);
    const extra = o
      ? [...(o.conclusion ? [`结论：${o.conclusion}`] : []), ...(o.docNumber ? [`文号：${o.docNumber}`] : [])]
      : [];
    return {
      cells: [
        label(rule.title ?? `${d}部门\n意见`),
        { content: { xml: opinionBox(o, extra) }, span: 3, valign: 'top' },
      ],
      minMm: BOX_MM,
      cantSplit: true,
    };
  });
  return (
    title(opinionTitle(campaign, n.category), { pageBreakBefore: !first }) +
    para(`${campaign.definition.regionTerm}：${n.regionName}　　推荐单位：${n.unitName}`, {
      font: FONTS.form,
      size: SIZES.xiaosi,
      afterPt: 4,
    }) +
    gridTable(GRID, [...subjectRows(campaign, n), ...boxes])
  );
}

/** The 征求意见表 of one nominee. */
export async function opinionDocx(
  campaign: Pick<DocCampaign, 'title' | 'definition'>,
  nominee: DocNominee,
): Promise<Buffer> {
  return docxBuffer(
    {
      title: `${nomineeName(nominee, campaign)} ${categoryIn(campaign.definition, nominee.category).label}推荐对象征求意见表`,
    },
    () => opinionBody(campaign, nominee, true),
    [],
  );
}

/** Every nominee's 征求意见表 in one file for printing, each on a new page, written to `out` as a stream. */
export function writeOpinionDocxCombined(
  out: Writable,
  campaign: Pick<DocCampaign, 'title' | 'definition'>,
  nominees: Reread<DocNominee>,
  docTitle = '推荐对象征求意见表（合订本）',
): Promise<void> {
  return writeEachDocx(out, { title: docTitle }, nominees, {
    body: (n, first) => opinionBody(campaign, n, first),
    empty: '（无推荐对象）',
  });
}

/** The combined 征求意见表 as one Buffer (see writeOpinionDocxCombined to stream it). */
export async function opinionDocxCombined(
  campaign: Pick<DocCampaign, 'title' | 'definition'>,
  nominees: Reread<DocNominee>,
  docTitle = '推荐对象征求意见表（合订本）',
): Promise<Buffer> {
  const sink = bufferSink();
  await writeOpinionDocxCombined(sink.out, campaign, nominees, docTitle);
  return sink.bytes();
}
