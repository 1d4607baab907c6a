/**
 * 先进工作者推荐审批表 / 先进集体推荐审批表 (.docx): every field of the form, the worker's photo
 * at 35 × 49 mm, and the three opinion boxes. Page 1 holds the facts and 主要事迹 (which grows onto
 * further pages when long); the opinions start on a page of their own, so a form with ordinary
 * deeds prints on exactly two pages (one sheet, both sides).
 */
import type { Writable } from 'node:stream';
import { CATEGORY_LABELS } from '#shared/campaign';
import { photoRulesOf } from '#shared/photo-rules';
import {
  assessmentsByYear,
  documentTitle,
  field,
  nomineeName,
  officialMonth,
  violationText,
} from './format.ts';
import {
  bufferSink,
  type CellSpec,
  type DocxImages,
  docxBuffer,
  formParagraphs,
  gridTable,
  label,
  opinionBox,
  pageBreak,
  para,
  type Reread,
  type RowSpec,
  title,
  value,
  writeEachDocx,
  type Xml,
} from './ooxml.ts';
import { FONTS, SIZES } from './page.ts';
import type { DocCampaign, DocNominee } from './types.ts';

/**
 * Worker grid (mm): label 26 | value 33 | label 26 | value 33 | photo 38, refined so that the five
 * assessment years get 26 mm each: 26,26,7,19,7,19,14,12,26 (156 mm).
 */
const WORKER_GRID = [26, 26, 7, 19, 7, 19, 14, 12, 26] as const;
/** Collective grid: two label/value pairs. */
const COLLECTIVE_GRID = [30, 48, 30, 48] as const;

/** Minimum heights (mm) chosen so that page 1 and page 2 are each filled, but not overfilled. */
const HEIGHTS = { fact: 10.5, awards: 16, workerDeeds: 52, collectiveDeeds: 100, summary: 40, opinion: 56 };

const textCell = (text: string, span: number): CellSpec => ({
  content: { xml: formParagraphs(text, { align: 'justify', indentChars: 2 }) },
  span,
  valign: 'top',
});

function photoCell(drawing: Xml | undefined, label: string): CellSpec {
  return {
    content: {
      xml: drawing
        ? para({ runs: drawing }, { align: 'center' })
        : formParagraphs(`（${label}）`, { align: 'center' }),
    },
    span: 2,
    rowSpan: 5,
    align: 'center',
    valign: 'center',
  };
}

function workerFacts(
  n: DocNominee,
  years: readonly number[],
  drawing: Xml | undefined,
  photoLabel: string,
): Xml {
  const f = n.form;
  const results = assessmentsByYear(f, years);
  const yearSpans = [1, 2, 2, 2, 1];
  const fact = (cells: CellSpec[]): RowSpec => ({ cells, minMm: HEIGHTS.fact });
  return gridTable(WORKER_GRID, [
    fact([
      label('姓名'),
      value(field(f, 'name'), 2),
      label('性别', 2),
      value(field(f, 'sex'), 2),
      photoCell(drawing, photoLabel),
    ]),
    fact([
      label('民族'),
      value(field(f, 'ethnicity'), 2),
      label('出生年月', 2),
      value(officialMonth(f.birthMonth), 2),
    ]),
    fact([
      label('政治面貌'),
      value(field(f, 'politicalStatus'), 2),
      label('参加工作\n时间', 2),
      value(officialMonth(f.workStartMonth), 2),
    ]),
    fact([
      label('学历'),
      value(field(f, 'education'), 2),
      label('职称', 2),
      value(field(f, 'professionalTitle'), 2),
    ]),
    fact([label('身份证号'), value(n.idNumber ?? '', 6)]),
    fact([label('工作单位\n及职务'), value(field(f, 'unitAndPost'), 8)]),
    fact([
      label('个人身份'),
      value(field(f, 'personalIdentity'), 2),
      label('联系电话', 2),
      value(field(f, 'phone'), 4),
    ]),
    fact([
      label('近五年\n年度考核\n结果', 1, { rowSpan: 2 }),
      ...results.map((r, i) => label(`${r.year}年`, yearSpans[i])),
    ]),
    fact(results.map((r, i) => label(r.result, yearSpans[i]))),
    { cells: [label('何时何地\n受过何种\n奖励'), value(field(f, 'awards'), 8)], minMm: HEIGHTS.awards },
    fact([label('有无违法\n违纪'), value(violationText(f), 8)]),
    { cells: [label('主要事迹'), textCell(field(f, 'deeds'), 8)], minMm: HEIGHTS.workerDeeds },
  ]);
}

function collectiveFacts(n: DocNominee): Xml {
  const f = n.form;
  const fact = (cells: CellSpec[]): RowSpec => ({ cells, minMm: HEIGHTS.fact + 2 });
  return gridTable(COLLECTIVE_GRID, [
    fact([label('单位名称\n（全称）'), value(field(f, 'unitName') || n.unitName, 3)]),
    fact([label('单位性质'), value(field(f, 'unitNature')), label('单位级别'), value(field(f, 'unitLevel'))]),
    fact([label('主要负责人'), value(field(f, 'leader')), label('职工总数'), value(field(f, 'staffCount'))]),
    fact([label('单位地址'), value(field(f, 'address'), 3)]),
    fact([label('联系人'), value(field(f, 'contactPerson')), label('联系电话'), value(field(f, 'phone'))]),
    fact([label('近五年有无\n违法违纪'), value(violationText(f), 3)]),
    { cells: [label('主要事迹'), textCell(field(f, 'deeds'), 3)], minMm: HEIGHTS.collectiveDeeds },
  ]);
}

/** Page 2: 事迹简介 and the three opinion boxes. */
function opinionsTable(n: DocNominee): Xml {
  const labelMm = n.category === 'worker' ? 26 : 30;
  const o = n.opinions ?? {};
  const box = (name: string, xml: Xml, minMm: number): RowSpec => ({
    cells: [label(name), { content: { xml }, valign: 'top' }],
    minMm,
    cantSplit: true,
  });
  return gridTable(
    [labelMm, 156 - labelMm],
    [
      box(
        '事迹简介',
        formParagraphs(field(n.form, 'summary'), { align: 'justify', indentChars: 2 }),
        HEIGHTS.summary,
      ),
      box('推荐单位\n意见', opinionBox(o.unit), HEIGHTS.opinion),
      box('县（区）\n审核意见', opinionBox(o.county), HEIGHTS.opinion),
      box('市评选\n工作领导\n小组意见', opinionBox(o.city), HEIGHTS.opinion),
    ],
  );
}

/** The body of one 审批表: title, who recommends, the facts, then the opinions on a new page. */
function approvalBody(campaign: DocCampaign, n: DocNominee, first: boolean, drawing: Xml | undefined): Xml {
  return (
    title(documentTitle(campaign.title, n.category, '推荐审批表'), { pageBreakBefore: !first }) +
    para(`县（区）：${n.regionName}　　推荐单位：${n.unitName}`, {
      font: FONTS.form,
      size: SIZES.xiaosi,
      afterPt: 4,
    }) +
    (n.category === 'worker'
      ? workerFacts(n, campaign.assessmentYears, drawing, photoRulesOf(campaign).label)
      : collectiveFacts(n)) +
    pageBreak() +
    opinionsTable(n)
  );
}

/** The photo the 审批表 shows: a worker's, when one was accepted. */
const photoOf = (n: DocNominee) => (n.category === 'worker' ? n.photo : undefined);

/** The 审批表 of one nominee. */
export async function approvalDocx(campaign: DocCampaign, nominee: DocNominee): Promise<Buffer> {
  const load = photoOf(nominee);
  const jpeg = load ? await load() : undefined;
  return docxBuffer(
    { title: `${nomineeName(nominee)} ${CATEGORY_LABELS[nominee.category]}推荐审批表` },
    (images: DocxImages) =>
      approvalBody(
        campaign,
        nominee,
        true,
        jpeg ? images.drawing(images.add().rId, photoRulesOf(campaign).mm) : undefined,
      ),
    jpeg ? [jpeg] : [],
  );
}

/**
 * Every nominee's 审批表 in one file for printing, each starting on a new page, written to `out`
 * as a stream: memory does not grow with the number of nominees. Pass a function that reads the
 * nominees afresh: they are read twice (the photos first, each its own part, then the forms).
 */
export function writeApprovalDocxCombined(
  out: Writable,
  campaign: DocCampaign,
  nominees: Reread<DocNominee>,
  docTitle = '推荐审批表（合订本）',
): Promise<void> {
  return writeEachDocx(out, { title: docTitle }, nominees, {
    photo: photoOf,
    body: (n, first, draw) => approvalBody(campaign, n, first, draw?.(photoRulesOf(campaign).mm)),
    empty: '（无推荐对象）',
  });
}

/** The combined 审批表 as one Buffer (see writeApprovalDocxCombined to stream it). */
export async function approvalDocxCombined(
  campaign: DocCampaign,
  nominees: Reread<DocNominee>,
  docTitle = '推荐审批表（合订本）',
): Promise<Buffer> {
  const sink = bufferSink();
  await writeApprovalDocxCombined(sink.out, campaign, nominees, docTitle);
  return sink.bytes();
}
