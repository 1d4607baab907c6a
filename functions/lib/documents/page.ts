/**
 * The official page (GB/T 9704-2012): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right
 * 26 mm; titles 方正小标宋简体 二号, body 仿宋_GB2312 三号, forms 仿宋 小四; the 156 mm text width.
 * The measures here are shared by every document; the paragraphs, sections and packing built
 * with the docx library make the county's report. The forms are written as WordprocessingML
 * strings from the same measures (ooxml.ts).
 */
import {
  AlignmentType,
  Document,
  Footer,
  type ISectionOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  TextRun,
} from 'docx';

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
