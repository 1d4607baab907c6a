/**
 * The official page (GB/T 9704-2012) and the building blocks every .docx here is made of:
 * A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; titles 方正小标宋简体 二号,
 * body 仿宋_GB2312 三号, forms 仿宋 小四; tables laid out in millimetres on the 156 mm text width;
 * opinion boxes with a place for the seal and the date.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  ImageRun,
  type ISectionOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { BLANK_DATE, dateText, paragraphsOf } from './format.ts';
import type { Opinion } from './types.ts';

/** Millimetres to twips (1/1440 inch), rounded as Word stores them. */
export const twips = (mm: number) => Math.round((mm * 1440) / 25.4);
/** Millimetres to EMU (1 mm = 36,000 EMU). */
export const emu = (mm: number) => Math.round(mm * 36_000);

export const A4_MM = { width: 210, height: 297 } as const;
export const MARGINS_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
/** The text block: 156 × 225 mm. */
export const TEXT_WIDTH_MM = A4_MM.width - MARGINS_MM.left - MARGINS_MM.right;

/** Font names as Chinese offices have them installed. */
export const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  form: '仿宋',
  /** GB/T 9704 first-level headings (一、…). */
  heading: '黑体',
  /** GB/T 9704 page numbers. */
  pageNumber: '宋体',
} as const;

/** Sizes in half-points, as Word stores them: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt. */
export const SIZES = { erhao: 44, sanhao: 32, sihao: 28, xiaosi: 24, wuhao: 21 } as const;

/** The 2-inch photo as printed: 35 × 49 mm. */
export const PHOTO_MM = { width: 35, height: 49 } as const;

export { BLANK_DATE } from './format.ts';
export const SEAL = '（盖章）';

/** The same font for Latin and Chinese text, so Word never substitutes one for the other. */
export const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

export interface TextStyle {
  font?: string;
  size?: number;
  bold?: boolean;
}

/** Runs of text; line breaks in `text` become line breaks on the page. */
export function runs(text: string, style: TextStyle = {}): TextRun[] {
  return text.split('\n').map(
    (line, i) =>
      new TextRun({
        text: line,
        ...(i > 0 ? { break: 1 } : {}),
        ...(style.font ? { font: font(style.font) } : {}),
        ...(style.size ? { size: style.size } : {}),
        ...(style.bold ? { bold: true } : {}),
      }),
  );
}

export type Align = 'left' | 'center' | 'right' | 'justify';
const ALIGN = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.BOTH,
} as const;

export interface ParagraphStyle extends TextStyle {
  align?: Align;
  /** First-line indent in characters of the paragraph's size (2 for body text). */
  indentChars?: number;
  /** Right indent in mm. */
  rightMm?: number;
  /** Space after, in points. */
  afterPt?: number;
  /** Exact line pitch in points (GB/T 9704 body: 22 lines to the page ≈ 28.95 pt). */
  linePt?: number;
  pageBreakBefore?: boolean;
  keepNext?: boolean;
}

/** A paragraph of text, or of runs already made. */
export function para(content: string | ParagraphChild[], style: ParagraphStyle = {}): Paragraph {
  const size = style.size ?? SIZES.xiaosi;
  return new Paragraph({
    children: typeof content === 'string' ? runs(content, style) : content,
    alignment: ALIGN[style.align ?? 'left'],
    ...(style.indentChars || style.rightMm
      ? {
          indent: {
            ...(style.indentChars ? { firstLine: style.indentChars * size * 10 } : {}),
            ...(style.rightMm ? { right: twips(style.rightMm) } : {}),
          },
        }
      : {}),
    spacing: {
      before: 0,
      after: Math.round((style.afterPt ?? 0) * 20),
      ...(style.linePt ? { line: Math.round(style.linePt * 20), lineRule: LineRuleType.EXACT } : {}),
    },
    ...(style.pageBreakBefore ? { pageBreakBefore: true } : {}),
    ...(style.keepNext ? { keepNext: true } : {}),
  });
}

/** A document title: 方正小标宋简体 二号, centred. */
export function title(text: string, opts: { pageBreakBefore?: boolean } = {}): Paragraph {
  return para(text, { font: FONTS.title, size: SIZES.erhao, align: 'center', afterPt: 12, ...opts });
}

/**
 * A paragraph that only starts a new page, one point high: two tables need a paragraph between
 * them anyway (or Word joins them), and Word ignores page breaks inside tables.
 */
export function pageBreak(): Paragraph {
  return new Paragraph({
    children: [new TextRun({ text: '', size: 2 })],
    pageBreakBefore: true,
    spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT },
  });
}

/** The photo at its printed size, 35 × 49 mm (the extent is written in EMU from these millimetres). */
export function photoRun(jpeg: Uint8Array, mm: { width: number; height: number } = PHOTO_MM): ImageRun {
  const px = (v: number) => emu(v) / 9525; // docx takes 96-dpi pixels and multiplies by 9525 EMU
  return new ImageRun({
    type: 'jpg',
    data: jpeg,
    transformation: { width: px(mm.width), height: px(mm.height) },
    altText: { name: 'photo', title: '照片', description: '二寸照片' },
  });
}

// ——— Tables laid out on a millimetre grid ———

export interface CellSpec {
  /** Text (line breaks kept) or paragraphs already made. */
  content: string | Paragraph[];
  /** Grid columns spanned (default 1). */
  span?: number;
  rowSpan?: number;
  align?: Align;
  valign?: 'top' | 'center' | 'bottom';
  bold?: boolean;
  /** Dashed borders (cut lines on the photo sheet) or none. */
  borders?: 'dashed' | 'none';
}

export interface RowSpec {
  cells: CellSpec[];
  /** Minimum height in mm (the row grows with its content). */
  minMm?: number;
  cantSplit?: boolean;
}

/** A label cell: centred both ways. */
export const label = (text: string, span = 1, extra: Partial<CellSpec> = {}): CellSpec => ({
  content: text,
  span,
  align: 'center',
  valign: 'center',
  ...extra,
});
/** A value cell: left-aligned, centred vertically. */
export const value = (text: string, span = 1, extra: Partial<CellSpec> = {}): CellSpec => ({
  content: text,
  span,
  align: 'left',
  valign: 'center',
  ...extra,
});

const VALIGN = {
  top: VerticalAlignTable.TOP,
  center: VerticalAlignTable.CENTER,
  bottom: VerticalAlignTable.BOTTOM,
} as const;

/** Paragraphs of form text (仿宋 小四), one per line of `text`. */
export function formParagraphs(text: string, style: ParagraphStyle = {}): Paragraph[] {
  const lines = text.split('\n');
  return lines.map((line) => para(line, { font: FONTS.form, size: SIZES.xiaosi, ...style }));
}

/**
 * A fixed-layout table on a grid of column widths in millimetres that add up to the text width;
 * each cell spans whole grid columns, so every row's edges line up with the grid.
 */
export function gridTable(columnsMm: readonly number[], rows: RowSpec[]): Table {
  const total = columnsMm.reduce((a, b) => a + b, 0);
  if (total > TEXT_WIDTH_MM + 0.01) {
    throw new Error(`table is ${total} mm wide, wider than the ${TEXT_WIDTH_MM} mm text block`);
  }
  const widths = columnsMm.map(twips);
  const tableRows = rows.map((row) => {
    let col = 0;
    const cells = row.cells.map((c) => {
      const span = c.span ?? 1;
      const width = widths.slice(col, col + span).reduce((a, b) => a + b, 0);
      col += span;
      const dashed = { style: BorderStyle.DASHED, size: 4, color: '808080' };
      const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
      const border = c.borders === 'dashed' ? dashed : c.borders === 'none' ? none : undefined;
      return new TableCell({
        children:
          typeof c.content === 'string'
            ? formParagraphs(c.content, { align: c.align ?? 'left', bold: c.bold ?? false })
            : c.content,
        width: { size: width, type: WidthType.DXA },
        ...(span > 1 ? { columnSpan: span } : {}),
        ...(c.rowSpan && c.rowSpan > 1 ? { rowSpan: c.rowSpan } : {}),
        verticalAlign: VALIGN[c.valign ?? 'center'],
        ...(border ? { borders: { top: border, bottom: border, left: border, right: border } } : {}),
      });
    });
    return new TableRow({
      children: cells,
      ...(row.minMm ? { height: { value: twips(row.minMm), rule: HeightRule.ATLEAST } } : {}),
      ...(row.cantSplit ? { cantSplit: true } : {}),
    });
  });
  return new Table({
    rows: tableRows,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    margins: { left: twips(1.2), right: twips(1.2), top: twips(0.5), bottom: twips(0.5) },
  });
}

/**
 * An opinion box: the recorded text, then （盖章） and the date; when nothing is recorded yet,
 * the box is left empty with （盖章） and a blank date for the pen.
 */
export function opinionBox(opinion: Opinion | undefined, extra: string[] = []): Paragraph[] {
  const lines = [...paragraphsOf(opinion?.text), ...extra];
  const body = lines.length
    ? lines.map((l) => para(l, { font: FONTS.form, size: SIZES.xiaosi, indentChars: 2, align: 'justify' }))
    : [para('')];
  return [
    ...body,
    para(''),
    para(''),
    para(SEAL, { font: FONTS.form, size: SIZES.xiaosi, align: 'right', rightMm: 14 }),
    para(dateText(opinion?.date) || BLANK_DATE, {
      font: FONTS.form,
      size: SIZES.xiaosi,
      align: 'right',
      rightMm: 4,
      afterPt: 4,
    }),
  ];
}

// ——— Documents ———

/** One A4 section with the GB/T 9704 margins; `pageNumbers` adds the official "— 1 —" footer. */
export function a4Section(
  children: ISectionOptions['children'],
  opts: { pageNumbers?: boolean } = {},
): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: twips(A4_MM.width), height: twips(A4_MM.height) },
        margin: {
          top: twips(MARGINS_MM.top),
          bottom: twips(MARGINS_MM.bottom),
          left: twips(MARGINS_MM.left),
          right: twips(MARGINS_MM.right),
          header: twips(15),
          footer: twips(28 - 7),
        },
      },
    },
    ...(opts.pageNumbers
      ? {
          footers: {
            default: new Footer({
              children: [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [
                    new TextRun({
                      children: ['— ', PageNumber.CURRENT, ' —'],
                      font: font(FONTS.pageNumber),
                      size: SIZES.sihao,
                    }),
                  ],
                }),
              ],
            }),
          },
        }
      : {}),
    children,
  };
}

/** Pack sections into a .docx whose default text is 仿宋 小四 (the form font). */
export async function packDocx(
  sections: ISectionOptions[],
  meta: { title: string; creator?: string },
): Promise<Buffer> {
  const doc = new Document({
    title: meta.title,
    creator: meta.creator ?? '评选 Pingxuan',
    styles: {
      default: {
        document: {
          run: { font: font(FONTS.form), size: SIZES.xiaosi },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections,
  });
  return Packer.toBuffer(doc);
}

/** The children of one section: what a document body is made of. */
export type Body = ISectionOptions['children'][number][];
