/**
 * 推荐审批表 (.docx): the category's form as its definition lists it (the rows of its approvalForm
 * document), the nominee's photo when the campaign asks one of the category, and the three
 * opinion boxes (推荐单位, the middle review, the top) under the definition's own names. Page 1
 * holds the facts (主要事迹 grows onto further pages when long); the opinions start on a page of
 * their own.
 *
 * Two layouts: the Puyang notice's 先进工作者 and 先进集体 forms keep the hand-tuned grids they
 * have always printed with (photo beside the first five rows, five assessment years, heights set
 * so that each prints on exactly two pages), chosen only when a definition asks exactly what
 * they print (same fields, labels, five years, same boxes); every other form is laid out from
 * its definition: short fields two to a row, long values and long texts full width, the
 * assessment years as a small table.
 */
import type { Writable } from 'node:stream';
import { photoRequired } from '#shared/campaign';
import { APPROVAL_LEVELS, categoryDocument, categoryIn, type DocumentOf } from '#shared/definition/documents';
import { assessmentYearsOf } from '#shared/definition/form';
import type { CategoryDefinition, FormField } from '#shared/definition/schema';
import { photoRulesOf } from '#shared/photo-rules';
import { assessmentsByYear, field, fieldValue, nomineeName, officialMonth, violationText } from './format.ts';
import {
  bufferSink,
  type CellSpec,
  type DocxImages,
  docxBuffer,
  formParagraphs,
  gridTable,
  label,
  type MmRow,
  mmTable,
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
import { FONTS, SIZES, TEXT_WIDTH_MM } from './page.ts';
import { type DocCampaign, type DocNominee, DocumentInputError } from './types.ts';

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

/** Puyang's page 2: 事迹简介 and the three opinion boxes, the labels broken where they read best. */
function puyangOpinions(n: DocNominee, labelMm: number): Xml {
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

const PUYANG_BOXES = ['推荐单位意见', '县（区）审核意见', '市评选工作领导小组意见'];

/**
 * The Puyang forms' hand-tuned layouts, each with the fields (key, label) it prints in the order
 * the definition lists them: used only for a form that asks exactly these.
 */
const PUYANG_LAYOUTS = [
  {
    fields: [
      ['name', '姓名'],
      ['sex', '性别'],
      ['ethnicity', '民族'],
      ['birthMonth', '出生年月'],
      ['politicalStatus', '政治面貌'],
      ['workStartMonth', '参加工作时间'],
      ['education', '学历'],
      ['professionalTitle', '职称'],
      ['idNumber', '身份证号'],
      ['unitAndPost', '工作单位及职务'],
      ['personalIdentity', '个人身份'],
      ['phone', '联系电话'],
      ['assessments', '近五年年度考核结果'],
      ['awards', '何时何地受过何种奖励'],
      ['noViolation', '有无违法违纪'],
      ['deeds', '主要事迹'],
      ['summary', '事迹简介'],
    ],
    facts: (n: DocNominee, years: readonly number[], drawing: Xml | undefined, photoLabel: string) =>
      workerFacts(n, years, drawing, photoLabel),
    labelMm: 26,
  },
  {
    fields: [
      ['unitName', '单位名称'],
      ['unitNature', '单位性质'],
      ['unitLevel', '单位级别'],
      ['leader', '主要负责人'],
      ['staffCount', '职工总数'],
      ['address', '单位地址'],
      ['contactPerson', '联系人'],
      ['phone', '联系电话'],
      ['noViolation', '有无违法违纪'],
      ['deeds', '主要事迹'],
      ['summary', '事迹简介'],
    ],
    facts: (n: DocNominee) => collectiveFacts(n),
    labelMm: 30,
  },
] as const;

type PuyangLayout = (typeof PUYANG_LAYOUTS)[number];

/** The Puyang layout that prints exactly what `doc` asks of `cat`'s form, if one does. */
function puyangLayoutFor(cat: CategoryDefinition, doc: DocumentOf<'approvalForm'>): PuyangLayout | undefined {
  const same = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(doc.opinionBoxes, PUYANG_BOXES)) return undefined;
  return PUYANG_LAYOUTS.find(
    (layout) =>
      same(
        doc.rows,
        layout.fields.map(([key]) => key),
      ) &&
      layout.fields.every(([key, text]) => {
        const f = cat.form.find((x) => x.key === key);
        // the worker grid has room for five assessment years, no more, no fewer
        return f?.label === text && (f.kind !== 'assessments' || f.years === 5);
      }),
  );
}

// ——— the layout from the definition ———

const GENERIC = { labelMm: 22, labelMaxMm: 30, factMm: 10.5, opinionLabelMm: 26, opinionMm: 56 };

/** How a field sits on the form: two short ones to a row, a wide one or a long text alone, the years as a table. */
function placeOf(f: FormField): 'short' | 'wide' | 'long' | 'years' {
  if (f.kind === 'longText') return 'long';
  if (f.kind === 'assessments') return 'years';
  if (f.kind === 'idNumber' || f.kind === 'yesNo' || (f.kind === 'text' && f.maxChars > 30)) return 'wide';
  return 'short';
}

/** The least height of a long text's row: about 30 characters to a 6 mm line, within 16–90 mm. */
const longTextMm = (maxChars: number) => Math.min(90, Math.max(16, Math.ceil(maxChars / 30) * 6 + 4));

/** A field's value on the form (the ID number comes apart from the form). */
function formValue(f: FormField, n: DocNominee): string {
  if (f.kind === 'idNumber') return n.idNumber ?? '';
  return String(fieldValue(f, n.form));
}

/**
 * The facts of a form laid out from its definition: the rows in the definition's order; short
 * fields two to a row, the first rows beside the photo when the category has one; long texts
 * full width; the assessment years a year to a column over the value width.
 */
function definitionFacts(
  cat: CategoryDefinition,
  doc: DocumentOf<'approvalForm'>,
  n: DocNominee,
  workYear: number,
  photo: { drawing: Xml | undefined; label: string; mm: { width: number; height: number } } | undefined,
): Xml {
  const fields = doc.rows.flatMap((key) => cat.form.filter((f) => f.key === key));
  // the labels of the short and wide fields on one line where they can be (小四: ~4.3 mm a character)
  const longest = Math.max(
    0,
    ...fields.filter((f) => ['short', 'wide'].includes(placeOf(f))).map((f) => [...f.label].length),
  );
  const L = Math.min(GENERIC.labelMaxMm, Math.max(GENERIC.labelMm, Math.ceil(longest * 4.3 + 3)));
  const photoMm = photo ? Math.max(30, photo.mm.width + 6) : 0;
  const pairValue = (TEXT_WIDTH_MM - photoMm - 2 * L) / 2;
  // the short fields two to a row; a short field followed by another kind stands alone
  const groups: FormField[][] = [];
  for (const f of fields) {
    const last = groups.at(-1);
    if (placeOf(f) === 'short' && last?.length === 1 && placeOf(last[0] as FormField) === 'short') {
      last.push(f);
    } else groups.push([f]);
  }
  const leading = groups.findIndex((g) => placeOf(g[0] as FormField) !== 'short');
  const besidePhoto = photo
    ? Math.min(leading < 0 ? groups.length : leading, Math.ceil((photo.mm.height + 8) / GENERIC.factMm))
    : 0;
  const rows: MmRow[] = [];
  const cell = (c: CellSpec, mm: number) => ({ mm, cell: c });
  groups.forEach((group, i) => {
    const width = i < besidePhoto ? TEXT_WIDTH_MM - photoMm : TEXT_WIDTH_MM;
    const first = group[0] as FormField;
    const photoCell =
      photo && i === 0 && besidePhoto > 0
        ? [
            cell(
              {
                content: {
                  xml: photo.drawing
                    ? para({ runs: photo.drawing }, { align: 'center' })
                    : formParagraphs(`（${photo.label}）`, { align: 'center' }),
                },
                rowSpan: besidePhoto,
                align: 'center',
                valign: 'center',
              },
              photoMm,
            ),
          ]
        : [];
    switch (placeOf(first)) {
      case 'long':
        rows.push({
          cells: [
            cell(label(first.label), L),
            cell(
              {
                content: { xml: formParagraphs(formValue(first, n), { align: 'justify', indentChars: 2 }) },
                valign: 'top',
              },
              width - L,
            ),
          ],
          minMm: first.kind === 'longText' ? longTextMm(first.maxChars) : GENERIC.factMm,
        });
        return;
      case 'years': {
        if (first.kind !== 'assessments') return;
        const years = assessmentsByYear(n.form, assessmentYearsOf(first, workYear));
        const each = (width - L) / years.length;
        rows.push(
          {
            cells: [
              cell(label(first.label, 1, { rowSpan: 2 }), L),
              ...years.map((y) => cell(label(`${y.year}年`), each)),
            ],
            minMm: GENERIC.factMm,
          },
          { fromMm: L, cells: years.map((y) => cell(label(y.result), each)), minMm: GENERIC.factMm },
        );
        return;
      }
      default: {
        const [a, b] = group as [FormField, FormField | undefined];
        const cells = b
          ? [
              cell(label(a.label), L),
              cell(value(formValue(a, n)), pairValue),
              cell(label(b.label), L),
              cell(value(formValue(b, n)), width - 2 * L - pairValue),
            ]
          : [cell(label(a.label), L), cell(value(formValue(a, n)), width - L)];
        rows.push({ cells: [...cells, ...photoCell], minMm: GENERIC.factMm });
      }
    }
  });
  if (photo && besidePhoto === 0) {
    // no short field leads the form: the photo gets a row of its own
    rows.unshift({
      cells: [
        { mm: L, cell: label('照片') },
        {
          mm: TEXT_WIDTH_MM - L,
          cell: {
            content: {
              xml: photo.drawing
                ? para({ runs: photo.drawing }, { align: 'center' })
                : formParagraphs(`（${photo.label}）`, { align: 'center' }),
            },
            align: 'center',
          },
        },
      ],
      minMm: photo.mm.height + 6,
    });
  }
  return mmTable(rows);
}

/** The opinion boxes under the definition's names: 推荐单位, the middle review, the top, in that order. */
function definitionOpinions(doc: DocumentOf<'approvalForm'>, n: DocNominee): Xml {
  const o = n.opinions ?? {};
  return gridTable(
    [GENERIC.opinionLabelMm, TEXT_WIDTH_MM - GENERIC.opinionLabelMm],
    doc.opinionBoxes.map(
      (name, i): RowSpec => ({
        cells: [
          label(name),
          { content: { xml: opinionBox(o[APPROVAL_LEVELS[i] ?? 'city']) }, valign: 'top' },
        ],
        minMm: GENERIC.opinionMm,
        cantSplit: true,
      }),
    ),
  );
}

/** The category's 审批表 as the campaign defines it; refused when the definition lists none. */
function approvalFormOf(campaign: Pick<DocCampaign, 'definition'>, category: string) {
  const doc = categoryDocument(campaign.definition, 'approvalForm', category);
  if (!doc) throw new DocumentInputError(`本次评选没有类别“${category}”的推荐审批表`);
  const cat = categoryIn(campaign.definition, category);
  return { cat, doc, puyang: puyangLayoutFor(cat, doc) };
}

/** The body of one 审批表: title, who recommends, the facts, then the opinions on a new page. */
function approvalBody(campaign: DocCampaign, n: DocNominee, first: boolean, drawing: Xml | undefined): Xml {
  const { cat, doc, puyang } = approvalFormOf(campaign, n.category);
  const rules = photoRulesOf(campaign);
  const photo = photoRequired(campaign, n.category)
    ? { drawing, label: rules.label, mm: rules.mm }
    : undefined;
  return (
    title(doc.title, { pageBreakBefore: !first }) +
    para(`${campaign.definition.regionTerm}：${n.regionName}　　推荐单位：${n.unitName}`, {
      font: FONTS.form,
      size: SIZES.xiaosi,
      afterPt: 4,
    }) +
    (puyang
      ? puyang.facts(n, campaign.assessmentYears, drawing, rules.label)
      : definitionFacts(cat, doc, n, campaign.definition.workYear, photo)) +
    pageBreak() +
    (puyang ? puyangOpinions(n, puyang.labelMm) : definitionOpinions(doc, n))
  );
}

/** The photo the 审批表 shows: the nominee's, when the campaign asks one of its category and one was accepted. */
const photoOf = (campaign: Pick<DocCampaign, 'definition'>) => (n: DocNominee) =>
  photoRequired(campaign, n.category) ? n.photo : undefined;

/** The 审批表 of one nominee. */
export async function approvalDocx(campaign: DocCampaign, nominee: DocNominee): Promise<Buffer> {
  const load = photoOf(campaign)(nominee);
  const jpeg = load ? await load() : undefined;
  const { cat } = approvalFormOf(campaign, nominee.category);
  return docxBuffer(
    { title: `${nomineeName(nominee, campaign)} ${cat.label}推荐审批表` },
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
    photo: photoOf(campaign),
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
