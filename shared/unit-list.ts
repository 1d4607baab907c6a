/**
 * The city office's list of units to create: rows of "地区, 单位名称", from CSV text or from the
 * first worksheet of an .xlsx file (functions/lib/xlsx-rows.ts). Both end in `parseUnitList`,
 * the one place the list is checked.
 */
import type { Region } from './campaign.ts';
import { parseCsv } from './csv.ts';
import { ValidationError } from './errors.ts';

/** One non-blank row of the list: its line (CSV) or row number (Excel), and its cells. */
export interface ListRow {
  line: number;
  cells: string[];
}

/** The largest .xlsx unit list accepted (500 units saved by Excel or WPS take 15–40 KB). */
export const MAX_UNIT_LIST_XLSX_BYTES = 512 * 1024;

/** At most this many units per import. */
export const MAX_IMPORTED_UNITS = 500;

/**
 * CSV text as rows (RFC 4180, shared/csv.ts): commas (also full-width), tabs or semicolons
 * separate the cells; a quoted cell may hold any of them, line breaks and doubled quotes; a
 * byte-order mark is ignored. Line numbers count blank lines.
 */
export function csvRows(text: string): ListRow[] {
  return parseCsv(text, { separators: ',，\t;；', field: 'csv' });
}

const REGION_HEADER = /^(所属)?(地区|县区|区域|县（区）|县\(区\)|县市区)(名称)?$|^region$/i;
const NAME_HEADER = /单位|名称|name/i;

/**
 * The units named by `rows`, each with its region's id. The first non-blank row may be a header
 * (a cell reading 地区, 县区, 区域, 县（区）…): its columns then say where the region and the name are (so
 * a 序号 column in front is fine); without one they are the first two cells. Every line is
 * checked before anything is created: one bad line refuses the whole list (400, field `rows`).
 */
export function parseUnitList(
  rows: readonly ListRow[],
  regions: readonly Pick<Region, 'id' | 'name'>[],
): { line: number; name: string; regionId: string }[] {
  const byName = new Map(
    regions.flatMap((r) => [
      [r.name, r.id],
      [r.id, r.id],
    ]),
  );
  const filled = rows
    .map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  let regionCol = 0;
  let nameCol = 1;
  const header = filled[0];
  const headerRegion = header?.cells.findIndex((c) => REGION_HEADER.test(c)) ?? -1;
  if (header && headerRegion >= 0) {
    filled.shift();
    regionCol = headerRegion;
    const named = header.cells.findIndex((c, i) => i !== headerRegion && NAME_HEADER.test(c));
    nameCol = named >= 0 ? named : headerRegion + 1;
  }
  const units = filled
    .map((r) => ({ line: r.line, region: r.cells[regionCol] ?? '', name: r.cells[nameCol] ?? '' }))
    .filter((r) => r.region || r.name);
  if (units.length === 0) throw new ValidationError('名单为空：每行应为“地区,单位名称”', 'rows');
  if (units.length > MAX_IMPORTED_UNITS) {
    throw new ValidationError(`一次最多导入 ${MAX_IMPORTED_UNITS} 个单位`, 'rows');
  }
  return units.map((u) => {
    const regionId = byName.get(u.region);
    if (!regionId) throw new ValidationError(`第 ${u.line} 行：地区“${u.region}”不在本活动中`, 'rows');
    if (!u.name || u.name.length > 60)
      throw new ValidationError(`第 ${u.line} 行：单位名称应为 1 到 60 字`, 'rows');
    return { line: u.line, name: u.name, regionId };
  });
}
