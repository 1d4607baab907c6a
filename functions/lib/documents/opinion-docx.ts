/**
 * 征求意见表 (.docx): the nominee (name, sex, unit and post; or the collective's name, nature and
 * leader), then one box per department (组织人事, 纪检监察, 公安) with its recorded conclusion,
 * text and 文号, （盖章） and the date, or left blank for the department to fill in on paper.
 * No ID number: it is printed only on the 审批表.
 */
import type { Writable } from 'node:stream';
import { CATEGORY_LABELS } from '#shared/campaign';
import { opinionsOf } from '#shared/opinions';
import { documentTitle, field, nomineeName } from './format.ts';
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

function subjectRows(n: DocNominee): RowSpec[] {
  const f = n.form;
  const fact = (cells: RowSpec['cells']): RowSpec => ({ cells, minMm: FACT_MM });
  if (n.category === 'worker') {
    return [
      fact([label('姓名'), value(field(f, 'name')), label('性别'), value(field(f, 'sex'))]),
      fact([label('工作单位\n及职务'), value(field(f, 'unitAndPost') || n.unitName, 3)]),
    ];
  }
  return [
    fact([label('单位名称'), value(nomineeName(n), 3)]),
    fact([label('单位性质'), value(field(f, 'unitNature')), label('主要负责人'), value(field(f, 'leader'))]),
  ];
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
    title(documentTitle(campaign.title, n.category, '推荐对象征求意见表'), { pageBreakBefore: !first }) +
    para(`县（区）：${n.regionName}　　推荐单位：${n.unitName}`, {
      font: FONTS.form,
      size: SIZES.xiaosi,
      afterPt: 4,
    }) +
    gridTable(GRID, [...subjectRows(n), ...boxes])
  );
}

/** The 征求意见表 of one nominee. */
export async function opinionDocx(
  campaign: Pick<DocCampaign, 'title' | 'definition'>,
  nominee: DocNominee,
): Promise<Buffer> {
  return docxBuffer(
    { title: `${nomineeName(nominee)} ${CATEGORY_LABELS[nominee.category]}推荐对象征求意见表` },
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
