/**
 * The printable A4 spreadsheet every .xlsx here is: exceljs's streaming writer (rows are written
 * and forgotten as they come, so memory stays flat however many there are), a merged title row,
 * an optional header line, bordered column headers repeated on every printed page, and columns
 * sized for Chinese text and fitted to the page width.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** 方正小标宋简体 二号 for the title; 黑体 for column headings; 仿宋 小四 for the data. */
export const SHEET_FONTS = {
  title: { name: '方正小标宋简体', size: 22 },
  header: { name: '黑体', size: 12 },
  body: { name: '仿宋', size: 12 },
} as const;

/** Excel's code for A4 paper. */
export const PAPER_A4 = 9;

export interface SheetColumn {
  header: string;
  /** In Excel's units (about one Latin digit; a Chinese character takes about 2.3 at 12 pt). */
  width: number;
  align?: 'left' | 'center' | 'right';
  wrap?: boolean;
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Points per line of 12 pt text, generous enough for 仿宋 in Excel and Noto CJK in LibreOffice. */
const LINE_PT = 16.5;

/** How wide text is in Excel's column units at 12 pt: a Chinese character ≈ 2.3, a Latin one ≈ 1.15. */
export function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += (ch.codePointAt(0) as number) > 0x2e7f ? 2.3 : 1.15;
  return units;
}

/**
 * The height a row needs for its wrapped text. Written out explicitly: Excel and WPS fit rows on
 * opening but LibreOffice does not, and a row too short hides the end of 事迹简介 on paper.
 */
export function rowHeight(values: readonly (string | number)[], columns: readonly SheetColumn[]): number {
  let lines = 1;
  values.forEach((v, i) => {
    const c = columns[i];
    if (!c || c.wrap === false) return;
    const perLine = Math.max(1, c.width - 1);
    const need = String(v)
      .split('\n')
      .reduce((n, part) => n + Math.max(1, Math.ceil(textUnits(part) / perLine)), 0);
    lines = Math.max(lines, need);
  });
  return Math.round(lines * LINE_PT + 4);
}

export interface PrintableSheet {
  sheet: ExcelJS.Worksheet;
  /** The row number the next data row gets. */
  nextRow: number;
  /** Add one data row and write it out, waiting while the output is full. */
  addRow(values: (string | number)[]): Promise<void>;
}

/** A streaming workbook writing to `out`; inline strings, so nothing accumulates per row. */
export function streamingWorkbook(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = '评选 Pingxuan';
  return wb;
}

const colLetter = (n: number) => {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/**
 * Start a sheet: title (row 1, merged across every column), the header line (row 2, merged) if
 * any, and the column headings, all three repeated at the top of every printed page.
 * `headings` are extra heading rows above the columns' own (for grouped headings), each a list
 * of [text, firstColumn, lastColumn].
 */
export function printableSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  out: Writable,
  opts: {
    name: string;
    title: string;
    headerLine?: string;
    columns: SheetColumn[];
    orientation: 'portrait' | 'landscape';
    headings?: [string, number, number][][];
  },
): PrintableSheet {
  const n = opts.columns.length;
  const last = colLetter(n);
  const headingRows = (opts.headings?.length ?? 0) + 1;
  const firstHeading = opts.headerLine === undefined ? 2 : 3;
  const lastHeading = firstHeading + headingRows - 1;
  const sheet = wb.addWorksheet(opts.name, {
    pageSetup: {
      paperSize: PAPER_A4,
      orientation: opts.orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `1:${lastHeading}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: lastHeading }],
  });
  sheet.columns = opts.columns.map((c) => ({
    width: c.width,
    style: {
      font: SHEET_FONTS.body,
      alignment: { vertical: 'middle', horizontal: c.align ?? 'center', wrapText: c.wrap ?? true },
    },
  }));

  const titleRow = sheet.getRow(1);
  const totalWidth = opts.columns.reduce((n, c) => n + c.width, 0);
  const titleLines = Math.ceil((textUnits(opts.title) * SHEET_FONTS.title.size) / 12 / (totalWidth - 2));
  titleRow.height = titleLines * 30 + 10;
  titleRow.getCell(1).value = opts.title;
  titleRow.getCell(1).style = {
    font: SHEET_FONTS.title,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  };
  sheet.mergeCells(`A1:${last}1`);
  if (opts.headerLine !== undefined) {
    const row = sheet.getRow(2);
    row.height = 24;
    row.getCell(1).value = opts.headerLine;
    row.getCell(1).style = { font: SHEET_FONTS.body, alignment: { horizontal: 'left', vertical: 'middle' } };
    sheet.mergeCells(`A2:${last}2`);
  }
  const headingStyle = (cell: ExcelJS.Cell) => {
    cell.style = {
      font: SHEET_FONTS.header,
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      border: BORDER,
    };
  };
  let r = firstHeading;
  for (const heading of opts.headings ?? []) {
    const row = sheet.getRow(r);
    row.height = 24;
    for (let c = 1; c <= n; c++) headingStyle(row.getCell(c));
    for (const [text, from, to] of heading) {
      row.getCell(from).value = text;
      if (to > from) sheet.mergeCells(r, from, r, to);
    }
    r++;
  }
  const headerRow = sheet.getRow(r);
  headerRow.height = 30;
  opts.columns.forEach((c, i) => {
    const cell = headerRow.getCell(i + 1);
    // a column whose heading is given above (merged down) leaves its own blank
    if (c.header) cell.value = c.header;
    headingStyle(cell);
  });
  // merge each grouped heading down over the blank column heading below it
  for (const [i, c] of opts.columns.entries()) {
    if (!c.header && opts.headings?.length) sheet.mergeCells(firstHeading, i + 1, r, i + 1);
  }
  headerRow.commit();

  // one style object per column, shared by its cells: exceljs recognises a style object it has
  // seen (WeakMap) instead of serialising it again for every cell
  const dataStyles: Partial<ExcelJS.Style>[] = opts.columns.map((c) => ({
    font: SHEET_FONTS.body,
    alignment: { vertical: 'middle', horizontal: c.align ?? 'center', wrapText: c.wrap ?? true },
    border: BORDER,
  }));
  const ps: PrintableSheet = {
    sheet,
    nextRow: r + 1,
    async addRow(values) {
      const row = sheet.getRow(ps.nextRow++);
      values.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v;
        cell.style = dataStyles[i] ?? {};
      });
      row.height = rowHeight(values, opts.columns);
      row.commit();
      await zipInputDrained(sheet, out);
    },
  };
  return ps;
}

/**
 * exceljs (4.4.0) pushes each committed row into the zip (archiver, then zlib) without waiting,
 * so rows arriving faster than zlib compresses them, or than `out` takes the result, pile up in
 * memory. Wait whenever the compressor's input or `out` is full. The compressor is reached
 * through the sheet stream's pipes (exceljs internals, pinned version).
 */
async function zipInputDrained(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  // archiver's streams come from readable-stream 3, which has no `writableNeedDrain` getter
  type Pipe = Writable & { _writableState?: { needDrain?: boolean } };
  const pipes = (sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    if (pipe.writableNeedDrain ?? pipe._writableState?.needDrain) await once(pipe, 'drain');
  }
  if (out.writableNeedDrain) await once(out, 'drain');
}

/** Finish the sheet and the workbook; resolves when everything has been written to `out`. */
export async function finishWorkbook(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ps: PrintableSheet,
): Promise<void> {
  ps.sheet.commit();
  await wb.commit();
}
