/**
 * WordprocessingML written as strings, for the forms printed once per nominee (审批表, 征求意见表)
 * and the photo sheet: the page of page.ts (A4, GB/T 9704 margins, fonts), tables on a millimetre
 * grid, opinion boxes, the photo at the campaign's printed size (35 × 49 mm for a 2-inch one); no object tree is built per nominee, and files
 * are written as a stream: a combined file's document.xml is
 * a stream of nominee bodies and its photos are entries of their own, so memory does not grow
 * with the number of nominees.
 *
 * The package is a small fixed set of parts: [Content_Types].xml, _rels/.rels, docProps/core.xml,
 * word/document.xml, word/_rels/document.xml.rels, word/styles.xml, word/settings.xml and
 * word/media/imageN.jpg.
 */
import { Writable } from 'node:stream';
import { BLANK_DATE, dateText, paragraphsOf } from './format.ts';
import type { Align, ParagraphStyle, TextStyle } from './page.ts';
import { A4_MM, emu, FONTS, MARGINS_MM, SEAL, SIZES, TEXT_WIDTH_MM, twips } from './page.ts';
import type { Opinion, Rows } from './types.ts';
import { type PreparedEntry, prepareEntry, ZipStreamWriter, zipBuffer } from './zip.ts';

/** A fragment of WordprocessingML (one or more paragraphs, or a table). */
export type Xml = string;

// Characters XML 1.0 does not allow (a pasted control character would make the file unreadable).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text escaped for XML content and attribute values. */
export function esc(text: string): string {
  return text.replace(INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

const rFonts = (name: string) =>
  `<w:rFonts w:ascii="${esc(name)}" w:cs="${esc(name)}" w:eastAsia="${esc(name)}" w:hAnsi="${esc(name)}"/>`;

function rPr(style: TextStyle): string {
  const parts = `${style.font ? rFonts(style.font) : ''}${style.bold ? '<w:b/><w:bCs/>' : ''}${
    style.size ? `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>` : ''
  }`;
  return parts ? `<w:rPr>${parts}</w:rPr>` : '';
}

/** Runs of text; line breaks in `text` become line breaks on the page. */
export function runs(text: string, style: TextStyle = {}): Xml {
  const props = rPr(style);
  return text
    .split('\n')
    .map(
      (line, i) => `<w:r>${props}${i > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${esc(line)}</w:t></w:r>`,
    )
    .join('');
}

const JC: Record<Align, string> = { left: 'left', center: 'center', right: 'right', justify: 'both' };

/** A paragraph of text, or of runs already made (as page.ts para()). */
export function para(content: string | { runs: Xml }, style: ParagraphStyle = {}): Xml {
  const size = style.size ?? SIZES.xiaosi;
  const line = style.linePt ? ` w:line="${Math.round(style.linePt * 20)}" w:lineRule="exact"` : '';
  const spacing = `<w:spacing w:after="${Math.round((style.afterPt ?? 0) * 20)}" w:before="0"${line}/>`;
  const ind =
    style.indentChars || style.rightMm
      ? `<w:ind${style.indentChars ? ` w:firstLine="${style.indentChars * size * 10}"` : ''}${
          style.rightMm ? ` w:right="${twips(style.rightMm)}"` : ''
        }/>`
      : '';
  const pPr = `<w:pPr>${style.keepNext ? '<w:keepNext/>' : ''}${
    style.pageBreakBefore ? '<w:pageBreakBefore/>' : ''
  }${spacing}${ind}<w:jc w:val="${JC[style.align ?? 'left']}"/></w:pPr>`;
  return `<w:p>${pPr}${typeof content === 'string' ? runs(content, style) : content.runs}</w:p>`;
}

/** A document title: 方正小标宋简体 二号, centred. */
export function title(text: string, opts: { pageBreakBefore?: boolean } = {}): Xml {
  return para(text, { font: FONTS.title, size: SIZES.erhao, align: 'center', afterPt: 12, ...opts });
}

/**
 * A paragraph that only starts a new page, one point high: two tables need a paragraph between
 * them anyway (or Word joins them), and Word ignores page breaks inside tables.
 */
export function pageBreak(): Xml {
  return '<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:after="0" w:before="0" w:line="20" w:lineRule="exact"/></w:pPr><w:r><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr><w:t xml:space="preserve"></w:t></w:r></w:p>';
}

/** An inline picture at its printed size; `rId` names the image in document.xml.rels, `id` is unique in the document. */
export function photoRun(rId: string, id: number, mm: { width: number; height: number }): Xml {
  const cx = emu(mm.width);
  const cy = emu(mm.height);
  return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent t="0" r="0" b="0" l="0"/><wp:docPr id="${id}" name="photo" descr="证件照" title="照片"/><wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="" descr=""/><pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr><pic:blipFill><a:blip r:embed="${rId}" cstate="none"/><a:srcRect/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
}

// ——— Tables laid out on a millimetre grid ———

export interface CellSpec {
  /** Text (one paragraph per line) or paragraphs already made. */
  content: string | { xml: Xml };
  span?: number;
  rowSpan?: number;
  align?: Align;
  valign?: 'top' | 'center' | 'bottom';
  bold?: boolean;
  /** Dashed borders (cut lines on the photo sheet). */
  borders?: 'dashed';
}

export interface RowSpec {
  cells: CellSpec[];
  minMm?: number;
  cantSplit?: boolean;
}

export const label = (text: string, span = 1, extra: Partial<CellSpec> = {}): CellSpec => ({
  content: text,
  span,
  align: 'center',
  valign: 'center',
  ...extra,
});
export const value = (text: string, span = 1, extra: Partial<CellSpec> = {}): CellSpec => ({
  content: text,
  span,
  align: 'left',
  valign: 'center',
  ...extra,
});

/** Paragraphs of form text (仿宋 小四), one per line of `text`. */
export function formParagraphs(text: string, style: ParagraphStyle = {}): Xml {
  return text
    .split('\n')
    .map((line) => para(line, { font: FONTS.form, size: SIZES.xiaosi, ...style }))
    .join('');
}

const TABLE_BORDERS =
  '<w:tblBorders><w:top w:val="single" w:color="auto" w:sz="4"/><w:left w:val="single" w:color="auto" w:sz="4"/><w:bottom w:val="single" w:color="auto" w:sz="4"/><w:right w:val="single" w:color="auto" w:sz="4"/><w:insideH w:val="single" w:color="auto" w:sz="4"/><w:insideV w:val="single" w:color="auto" w:sz="4"/></w:tblBorders>';

const DASHED =
  '<w:tcBorders><w:top w:val="dashed" w:color="808080" w:sz="4"/><w:left w:val="dashed" w:color="808080" w:sz="4"/><w:bottom w:val="dashed" w:color="808080" w:sz="4"/><w:right w:val="dashed" w:color="808080" w:sz="4"/></w:tcBorders>';

/**
 * A fixed-layout table on a grid of column widths in millimetres (cells span whole grid columns),
 * written in pieces so that its rows may be streamed: `start`, then `row(r)` for each row, then `end`.
 */
export function tableWriter(columnsMm: readonly number[]): {
  start: Xml;
  row: (row: RowSpec) => Xml;
  end: Xml;
} {
  const total = columnsMm.reduce((a, b) => a + b, 0);
  if (total > TEXT_WIDTH_MM + 0.01) {
    throw new Error(`table is ${total} mm wide, wider than the ${TEXT_WIDTH_MM} mm text block`);
  }
  const widths = columnsMm.map(twips);
  const cellMar = `<w:tblCellMar><w:top w:type="dxa" w:w="${twips(0.5)}"/><w:left w:type="dxa" w:w="${twips(1.2)}"/><w:bottom w:type="dxa" w:w="${twips(0.5)}"/><w:right w:type="dxa" w:w="${twips(1.2)}"/></w:tblCellMar>`;
  const start = `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${widths.reduce((a, b) => a + b, 0)}"/><w:jc w:val="center"/>${TABLE_BORDERS}<w:tblLayout w:type="fixed"/>${cellMar}</w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  // cells merged down from rows above: grid column → what continues there, and for how many rows
  const merges = new Map<number, { tcPr: Xml; jc: string; left: number; span: number }>();
  const row = (row: RowSpec): Xml => {
    const trPr = `${row.cantSplit ? '<w:cantSplit/>' : ''}${
      row.minMm ? `<w:trHeight w:val="${twips(row.minMm)}" w:hRule="atLeast"/>` : ''
    }`;
    let xml = `<w:tr>${trPr ? `<w:trPr>${trPr}</w:trPr>` : ''}`;
    let col = 0;
    // the docx library sized each cell as if the row's own cells started at the first grid column
    // (ignoring cells merged from above); kept, so that the forms come out exactly as before
    let widthCol = 0;
    const continueAt = () => {
      for (let m = merges.get(col); m && m.left > 0; m = merges.get(col)) {
        xml += `<w:tc>${m.tcPr}<w:p><w:pPr><w:jc w:val="${m.jc}"/></w:pPr></w:p></w:tc>`;
        m.left -= 1;
        const span = m.span;
        if (m.left === 0) merges.delete(col);
        col += span;
      }
    };
    for (const c of row.cells) {
      continueAt();
      const span = c.span ?? 1;
      const width = widths.slice(widthCol, widthCol + span).reduce((a, b) => a + b, 0);
      widthCol += span;
      const props = (merge: string) =>
        `<w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}${merge}${c.borders === 'dashed' ? DASHED : ''}<w:vAlign w:val="${c.valign ?? 'center'}"/></w:tcPr>`;
      const rowSpan = c.rowSpan && c.rowSpan > 1 ? c.rowSpan : 1;
      if (rowSpan > 1) {
        merges.set(col, {
          tcPr: props('<w:vMerge w:val="continue"/>'),
          jc: JC[c.align ?? 'left'],
          left: rowSpan - 1,
          span,
        });
      }
      const content =
        typeof c.content === 'string'
          ? formParagraphs(c.content, { align: c.align ?? 'left', bold: c.bold ?? false })
          : c.content.xml;
      xml += `<w:tc>${props(rowSpan > 1 ? '<w:vMerge w:val="restart"/>' : '')}${content}</w:tc>`;
      col += span;
    }
    continueAt();
    return `${xml}</w:tr>`;
  };
  return { start, row, end: '</w:tbl>' };
}

/** A whole fixed-layout table (see tableWriter). */
export function gridTable(columnsMm: readonly number[], rows: RowSpec[]): Xml {
  const table = tableWriter(columnsMm);
  return table.start + rows.map(table.row).join('') + table.end;
}

/** A cell of an `mmTable` row: how wide it is (mm) and what it holds (its span is worked out). */
export interface MmCell {
  mm: number;
  cell: Omit<CellSpec, 'span'>;
}

/** A row of an `mmTable`: cells from `fromMm` (where a cell merged down from above ends) on. */
export interface MmRow extends Omit<RowSpec, 'cells'> {
  cells: MmCell[];
  fromMm?: number;
}

/**
 * A fixed-layout table whose rows are given as cell widths in millimetres: the grid is every
 * boundary any row has, and each cell spans the grid columns between its own boundaries, so that
 * rows of two label/value pairs, of one wide value and of five assessment years share one table.
 * A cell merged down (rowSpan) must be a row's first or last; the rows below start after it
 * (`fromMm`) or end before it.
 */
export function mmTable(rows: readonly MmRow[]): Xml {
  const at = (mm: number) => Math.round(mm * 100) / 100;
  const edges = new Set<number>([0]);
  for (const row of rows) {
    let x = row.fromMm ?? 0;
    for (const c of row.cells) {
      x += c.mm;
      edges.add(at(x));
    }
  }
  const grid = [...edges].sort((a, b) => a - b);
  const index = (mm: number) => grid.indexOf(at(mm));
  return gridTable(
    grid.slice(1).map((edge, i) => edge - (grid[i] as number)),
    rows.map(({ cells, fromMm, ...row }) => {
      let x = fromMm ?? 0;
      return {
        ...row,
        cells: cells.map(({ mm, cell }) => {
          const from = x;
          x += mm;
          return { ...cell, span: index(x) - index(from) };
        }),
      };
    }),
  );
}

/** An opinion box: the text, then （盖章） and the date, or blanks for the pen. */
export function opinionBox(opinion: Opinion | undefined, extra: string[] = []): Xml {
  const lines = [...paragraphsOf(opinion?.text), ...extra];
  const body = lines.length
    ? lines
        .map((l) => para(l, { font: FONTS.form, size: SIZES.xiaosi, indentChars: 2, align: 'justify' }))
        .join('')
    : para('');
  return (
    body +
    para('') +
    para('') +
    para(SEAL, { font: FONTS.form, size: SIZES.xiaosi, align: 'right', rightMm: 14 }) +
    para(dateText(opinion?.date) || BLANK_DATE, {
      font: FONTS.form,
      size: SIZES.xiaosi,
      align: 'right',
      rightMm: 4,
      afterPt: 4,
    })
  );
}

// ——— The package ———

const W_NS =
  'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

const DOCUMENT_START = `${XML_DECL}<w:document mc:Ignorable="w14 w15 wp14" ${W_NS}><w:body>`;
/** One A4 section with the GB/T 9704 margins (as page.ts a4Section(), without page numbers). */
const DOCUMENT_END = `<w:sectPr><w:pgSz w:w="${twips(A4_MM.width)}" w:h="${twips(A4_MM.height)}" w:orient="portrait"/><w:pgMar w:top="${twips(MARGINS_MM.top)}" w:right="${twips(MARGINS_MM.right)}" w:bottom="${twips(MARGINS_MM.bottom)}" w:left="${twips(MARGINS_MM.left)}" w:header="${twips(15)}" w:footer="${twips(28 - 7)}" w:gutter="0"/><w:pgNumType/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default ContentType="image/jpeg" Extension="jpg"/><Default ContentType="application/vnd.openxmlformats-package.relationships+xml" Extension="rels"/><Default ContentType="application/xml" Extension="xml"/><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml" PartName="/word/document.xml"/><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml" PartName="/word/styles.xml"/><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml" PartName="/word/settings.xml"/><Override ContentType="application/vnd.openxmlformats-package.core-properties+xml" PartName="/docProps/core.xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

/** The document's defaults: 仿宋 小四, no space before or after paragraphs. */
const STYLES = `${XML_DECL}<w:styles mc:Ignorable="w14 w15" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:docDefaults><w:rPrDefault><w:rPr>${rFonts(FONTS.form)}<w:sz w:val="${SIZES.xiaosi}"/><w:szCs w:val="${SIZES.xiaosi}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:before="0"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:styleId="Normal" w:default="1"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:styleId="TableNormal" w:default="1"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:type="dxa" w:w="0"/><w:tblCellMar><w:top w:type="dxa" w:w="0"/><w:left w:type="dxa" w:w="108"/><w:bottom w:type="dxa" w:w="0"/><w:right w:type="dxa" w:w="108"/></w:tblCellMar></w:tblPr></w:style></w:styles>`;

/** Word 2013+ layout (without it Word opens the file in compatibility mode). */
const SETTINGS = `${XML_DECL}<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:evenAndOddHeaders w:val="false"/><w:compat><w:compatSetting w:val="15" w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"/></w:compat></w:settings>`;

function coreXml(meta: { title: string; creator?: string }, modified: Date): string {
  const when = `${modified.toISOString().slice(0, 19)}Z`;
  const creator = esc(meta.creator ?? '评选 Pingxuan');
  return `${XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${esc(meta.title)}</dc:title><dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`;
}

const IMAGE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image';

function documentRels(images: readonly { rId: string; target: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>${images
    .map((i) => `<Relationship Id="${i.rId}" Type="${IMAGE_REL}" Target="${i.target}"/>`)
    .join('')}</Relationships>`;
}

/** The images of a document: each JPEG gets its part word/media/imageN.jpg and a relationship id. */
export class DocxImages {
  readonly list: { rId: string; target: string }[] = [];
  private drawings = 0;
  /** Register an image; returns its relationship id and its part's path. */
  add(): { rId: string; path: string } {
    const n = this.list.length + 1;
    const rId = `rIdImage${n}`;
    this.list.push({ rId, target: `media/image${n}.jpg` });
    return { rId, path: `word/media/image${n}.jpg` };
  }
  /** The drawing of an image registered, `mm` in size, with an id unique in the document. */
  drawing(rId: string, mm: { width: number; height: number }): Xml {
    this.drawings += 1;
    return photoRun(rId, this.drawings, mm);
  }
}

export interface DocxMeta {
  title: string;
  creator?: string;
  modified?: Date;
}

/** The parts every document has, compressed once: a form per nominee repeats them thousands of times. */
let fixedParts: PreparedEntry[] | undefined;
const FIXED = (): PreparedEntry[] =>
  (fixedParts ??= [
    prepareEntry('[Content_Types].xml', Buffer.from(CONTENT_TYPES)),
    prepareEntry('_rels/.rels', Buffer.from(ROOT_RELS)),
    prepareEntry('word/styles.xml', Buffer.from(STYLES)),
    prepareEntry('word/settings.xml', Buffer.from(SETTINGS)),
  ]);

/** A whole .docx in memory (one nominee's form): `body` builds the body XML, registering its images. */
export function docxBuffer(meta: DocxMeta, body: (images: DocxImages) => Xml, media: Uint8Array[]): Buffer {
  const images = new DocxImages();
  const xml = DOCUMENT_START + body(images) + DOCUMENT_END;
  const modified = meta.modified ?? new Date();
  const entries = [
    ...FIXED(),
    prepareEntry('docProps/core.xml', Buffer.from(coreXml(meta, modified))),
    prepareEntry('word/document.xml', Buffer.from(xml)),
    prepareEntry('word/_rels/document.xml.rels', Buffer.from(documentRels(images.list))),
  ];
  images.list.forEach((image, i) => {
    const bytes = media[i];
    if (!bytes) throw new Error(`image ${image.target} has no bytes`);
    entries.push(prepareEntry(`word/${image.target}`, bytes, false));
  });
  return zipBuffer(entries, modified);
}

/**
 * A .docx written to `out` as a stream: first the images (`media` writes each one with `add`),
 * then document.xml from the stream of body fragments, then the relationships. Nothing but the
 * current fragment and image is held in memory.
 */
export async function writeDocxStream(
  out: Writable,
  meta: DocxMeta,
  parts: {
    media?: (images: DocxImages, add: (path: string, bytes: Uint8Array) => Promise<void>) => Promise<void>;
    body: (images: DocxImages) => AsyncIterable<Xml>;
    /** Images known only once the body is written (held until then). */
    mediaAfter?: () => Iterable<[path: string, bytes: Uint8Array]>;
  },
): Promise<void> {
  const zip = new ZipStreamWriter(out, meta.modified ? { mtime: meta.modified } : {});
  const images = new DocxImages();
  await zip.add('[Content_Types].xml', Buffer.from(CONTENT_TYPES));
  await zip.add('_rels/.rels', Buffer.from(ROOT_RELS));
  await zip.add('docProps/core.xml', Buffer.from(coreXml(meta, meta.modified ?? new Date())));
  await zip.add('word/styles.xml', Buffer.from(STYLES));
  await zip.add('word/settings.xml', Buffer.from(SETTINGS));
  if (parts.media) {
    await parts.media(images, async (path, bytes) => {
      await zip.add(path, bytes, { compress: false });
    });
  }
  const encoder = new TextEncoder();
  // fragments are batched to ~64 KB before they go to the deflater
  async function* document(): AsyncGenerator<Uint8Array> {
    let pending = DOCUMENT_START;
    for await (const fragment of parts.body(images)) {
      pending += fragment;
      if (pending.length >= 1 << 15) {
        yield encoder.encode(pending);
        pending = '';
      }
    }
    yield encoder.encode(pending + DOCUMENT_END);
  }
  await zip.add('word/document.xml', document());
  for (const [path, bytes] of parts.mediaAfter?.() ?? []) await zip.add(path, bytes, { compress: false });
  await zip.add('word/_rels/document.xml.rels', Buffer.from(documentRels(images.list)));
  await zip.end();
}

/** Collects what is written into one Buffer (for callers that want the file whole). */
export function bufferSink(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

/** Rows read once, or a function that reads them afresh for each pass. */
export type Reread<T> = Rows<T> | (() => Rows<T>);

/**
 * One document holding a body per item, each starting on a new page, written to `out` as a
 * stream. When `items` is a function, it is read twice: first for the photos (each written as
 * its own part as it is loaded), then for the bodies; when it is rows read once, the photos are
 * held until the body is written.
 */
export async function writeEachDocx<T extends { id: string }>(
  out: Writable,
  meta: DocxMeta,
  items: Reread<T>,
  opts: {
    /** The item's photo loader, when it has a photo to show. */
    photo?: (item: T) => (() => Promise<Uint8Array>) | undefined;
    /** The item's body; `draw` draws its photo at a size in mm (each call a drawing of its own); undefined skips the item. */
    body: (
      item: T,
      first: boolean,
      draw: ((mm: { width: number; height: number }) => Xml) | undefined,
    ) => Xml | undefined;
    /** Printed when there are no items. */
    empty: string;
    /** Before everything; before the first item and after the last (when there is one). */
    before?: Xml;
    open?: Xml;
    close?: Xml;
  },
): Promise<void> {
  // what the first pass found, item by item: the item's id and its image's relationship id
  const seen: { id: string; rId: string | undefined }[] = [];
  const held: [string, Uint8Array][] = [];
  const reread = typeof items === 'function' ? items : undefined;
  await writeDocxStream(out, meta, {
    ...(reread && opts.photo
      ? {
          media: async (images, add) => {
            for await (const item of reread()) {
              const load = opts.photo?.(item);
              let rId: string | undefined;
              if (load) {
                const bytes = await load();
                const image = images.add();
                await add(image.path, bytes);
                rId = image.rId;
              }
              seen.push({ id: item.id, rId });
            }
          },
        }
      : {}),
    body: async function* (images) {
      if (opts.before) yield opts.before;
      let first = true;
      let index = 0;
      for await (const item of reread ? reread() : (items as Rows<T>)) {
        let rId: string | undefined;
        if (reread) {
          // the same item at the same place in both passes (one added in between shows no photo)
          const at = seen[index];
          if (at?.rId && at.id === item.id) rId = at.rId;
        } else {
          const load = opts.photo?.(item);
          if (load) {
            const image = images.add();
            held.push([image.path, await load()]);
            rId = image.rId;
          }
        }
        index += 1;
        const image = rId;
        const xml = opts.body(item, first, image ? (mm) => images.drawing(image, mm) : undefined);
        if (xml === undefined) continue;
        if (first && opts.open) yield opts.open;
        yield xml;
        first = false;
      }
      if (first) yield para(opts.empty, { align: 'center' });
      else if (opts.close) yield opts.close;
    },
    mediaAfter: () => held,
  });
}
