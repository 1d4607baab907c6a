/**
 * The rows of an uploaded .xlsx file's first worksheet, as text. The file is untrusted: only the
 * four parts needed are inflated (the workbook, its relationships, the sheet, the shared
 * strings), each within a declared size that is checked before any memory is taken, so a zip
 * bomb costs at most MAX_PART_BYTES per part. No XML library and no exceljs: fflate and a few
 * patterns keep the accounts function small.
 *
 * Every refusal is a 400 on the field `xlsx` (`xlsx_invalid`, `xlsx_too_large`), never a 500.
 */
import { unzipSync } from 'fflate';
import { ApiError, ValidationError } from '#shared/errors';
import { type ListRow, MAX_UNIT_LIST_XLSX_BYTES } from '#shared/unit-list';

/** The most a part may inflate to, and the four together. */
export const MAX_PART_BYTES = 8 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 16 * 1024 * 1024;
/** Real workbooks have a few dozen parts; a central directory claiming more is refused unread. */
const MAX_ZIP_ENTRIES = 1000;
/** Columns beyond this are ignored (a unit list needs two or three). */
const MAX_COLUMNS = 50;

const invalid = (message = '文件不是有效的 Excel 工作簿（.xlsx），请检查后重新选择') =>
  new ValidationError(message, 'xlsx', 'xlsx_invalid');
const tooLarge = () =>
  new ValidationError(
    `表格内容过大（解压后上限 ${MAX_PART_BYTES / 1024 / 1024} MB），请只保留单位名单后再导入`,
    'xlsx',
    'xlsx_too_large',
  );

/** The rows with at least one non-blank cell of the workbook's first worksheet, by row number. */
export function xlsxRows(bytes: Uint8Array): ListRow[] {
  if (bytes.length > MAX_UNIT_LIST_XLSX_BYTES) throw tooLarge();
  // An OLE2 compound file: the .xls of Excel 97–2003.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw invalid('这是旧版 Excel 文件（.xls），请在 Excel 中“另存为” .xlsx 后再导入');
  }
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4) {
    throw invalid();
  }
  const read = partReader(bytes);
  const [workbook, rels] = read(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
  if (workbook === undefined || rels === undefined) throw invalid();
  const targets = relationships(rels);
  const sheetPath = firstWorksheet(workbook, targets);
  const stringsPath = targets.find((t) => t.type.endsWith('/sharedStrings'))?.path;
  const [sheet, strings] = read([sheetPath, stringsPath]);
  if (sheet === undefined) throw invalid();
  return sheetRows(sheet, strings === undefined ? [] : sharedStrings(strings));
}

/**
 * Reads named parts; each call walks the central directory again (cheap: nothing else is
 * inflated). A part is inflated only when its declared size fits, at most once per name, and the
 * compressed data of what is read adds up to no more than the file (overlapping entries, the
 * other zip-bomb trick, would not). fflate inflates into a buffer of the declared size, so a part
 * that lies about it cannot take more memory than it declared.
 */
function partReader(bytes: Uint8Array) {
  let inflated = 0;
  let compressed = 0;
  return (names: (string | undefined)[]): (string | undefined)[] => {
    const wanted = new Set(names.filter((n): n is string => n !== undefined));
    let entries = 0;
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes, {
        filter: (f) => {
          if (++entries > MAX_ZIP_ENTRIES) throw invalid();
          if (!wanted.has(f.name)) return false;
          wanted.delete(f.name);
          if (f.compression !== 0 && f.compression !== 8) throw invalid();
          inflated += f.originalSize;
          compressed += f.size;
          if (f.originalSize > MAX_PART_BYTES || inflated > MAX_INFLATED_BYTES) throw tooLarge();
          if (compressed > bytes.length) throw invalid();
          return true;
        },
      });
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw invalid();
    }
    return names.map((name) => {
      const data = name === undefined ? undefined : files[name];
      if (data === undefined) return undefined;
      try {
        return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
      } catch {
        throw invalid();
      }
    });
  };
}

/** `<name …>…</name>` or `<name …/>`, with any namespace prefix: its attributes and inner XML, in order. */
function* elements(xml: string, name: string): Generator<{ attrs: string; inner: string }> {
  const open = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*)>`, 'g');
  const close = new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, 'g');
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const attrs = m[1] ?? '';
    if (attrs.endsWith('/')) {
      yield { attrs, inner: '' };
      continue;
    }
    close.lastIndex = open.lastIndex;
    const end = close.exec(xml);
    if (!end) throw invalid();
    yield { attrs, inner: xml.slice(open.lastIndex, end.index) };
    open.lastIndex = close.lastIndex;
  }
}

/** An attribute's value (any prefix when `name` has none: `id` finds `r:id`), entities decoded. */
function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? decode(m[1] ?? m[2] ?? '') : undefined;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities and character references, then OOXML's _xHHHH_ escapes (_x000D_ is a CR). */
function decode(text: string): string {
  return text
    .replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (_, hex, dec, named) =>
      named ? (ENTITIES[named] as string) : safeChar(hex ? Number.parseInt(hex, 16) : Number(dec)),
    )
    .replace(/_x([0-9a-fA-F]{4})_/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const safeChar = (code: number) => (code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '');

/** The text of a string item or inline string: its runs' `<t>`s, without phonetic guides (`<rPh>`). */
function runText(xml: string): string {
  const plain = xml.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh\s*>/g, '');
  let text = '';
  for (const t of elements(plain, 't')) text += decode(t.inner);
  return text;
}

function sharedStrings(xml: string): string[] {
  return Array.from(elements(xml, 'si'), (si) => runText(si.inner));
}

interface Target {
  id: string;
  type: string;
  path: string;
}

/** The workbook's relationships, targets resolved against xl/. */
function relationships(xml: string): Target[] {
  return Array.from(elements(xml, 'Relationship'), (r) => {
    const target = attr(r.attrs, 'Target') ?? '';
    const parts: string[] = [];
    for (const p of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
      if (p === '..') parts.pop();
      else if (p !== '.' && p !== '') parts.push(p);
    }
    return { id: attr(r.attrs, 'Id') ?? '', type: attr(r.attrs, 'Type') ?? '', path: parts.join('/') };
  });
}

/** The first worksheet tab that is not hidden (chart sheets are skipped), else the first one. */
function firstWorksheet(workbook: string, targets: Target[]): string {
  const sheets = Array.from(elements(workbook, 'sheet'), (s) => ({
    hidden: /hidden/i.test(attr(s.attrs, 'state') ?? ''),
    target: targets.find((t) => t.id === attr(s.attrs, 'id') && t.type.endsWith('/worksheet')),
  })).filter((s) => s.target);
  const sheet = sheets.find((s) => !s.hidden) ?? sheets[0];
  if (!sheet?.target) throw invalid('工作簿中没有工作表');
  return sheet.target.path;
}

/** "B12" → 1 (column B); undefined without letters. */
function columnOf(ref: string | undefined): number | undefined {
  const letters = /^([A-Za-z]{1,3})\d*$/.exec(ref ?? '')?.[1];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellText(attrs: string, inner: string, strings: string[]): string {
  const type = attr(attrs, 't') ?? 'n';
  if (type === 'inlineStr') {
    const is = elements(inner, 'is').next().value;
    return is ? runText(is.inner) : '';
  }
  const v = elements(inner, 'v').next().value;
  const raw = v ? decode(v.inner) : '';
  if (type === 's') {
    if (raw === '') return '';
    const s = strings[Number(raw)];
    if (!/^\d+$/.test(raw) || s === undefined) throw invalid();
    return s;
  }
  if (type === 'b') return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
  return raw;
}

function sheetRows(xml: string, strings: string[]): ListRow[] {
  const rows: ListRow[] = [];
  let line = 0;
  for (const row of elements(xml, 'row')) {
    const r = Number(attr(row.attrs, 'r'));
    line = Number.isInteger(r) && r > line ? r : line + 1;
    const cells: string[] = [];
    let col = -1;
    for (const c of elements(row.inner, 'c')) {
      col = columnOf(attr(c.attrs, 'r')) ?? col + 1;
      if (col >= MAX_COLUMNS) continue;
      const text = cellText(c.attrs, c.inner, strings).trim();
      if (text) cells[col] = text;
    }
    if (cells.length > 0) rows.push({ line, cells: Array.from(cells, (c) => c ?? '') });
  }
  return rows;
}
