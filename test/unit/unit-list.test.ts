/**
 * The units list the city office imports: CSV text and real .xlsx files (written here by
 * exceljs, or rewritten part by part with fflate) read into rows, and the one check both go
 * through. Hostile files are refused with a 400 naming the field, within bounded memory.
 */
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_PART_BYTES, xlsxRows } from '#lib/xlsx-rows';
import { ApiError } from '#shared/errors';
import { csvRows, type ListRow, MAX_UNIT_LIST_XLSX_BYTES, parseUnitList } from '#shared/unit-list';
import { importUnitsBody } from '#shared/workflow-bodies';
import { routeById } from '../../functions/routes.ts';

const REGIONS = [
  { id: 'hualong', name: '华龙区' },
  { id: 'fanxian', name: '范县' },
];

/** An .xlsx written by exceljs (with a shared strings part, as Excel writes them). */
async function workbook(fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The file with some parts replaced (or added), zipped again. */
function withParts(xlsx: Uint8Array, parts: Record<string, string>): Uint8Array {
  const files = unzipSync(xlsx);
  for (const [name, data] of Object.entries(parts)) files[name] = strToU8(data);
  return zipSync(files);
}

/** What a refusal says: status, code and field. */
function refusal(run: () => unknown) {
  try {
    run();
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { status: e.statusCode, code: e.code, field: e.field, message: e.message };
  }
  throw new Error('not refused');
}

const cells = (rows: ListRow[]) => rows.map((r) => [r.line, ...r.cells]);

/** Where each entry's central directory header starts, by name. */
function centralDirectory(zip: Uint8Array): Record<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const entries: Record<string, number> = {};
  for (let i = 0, at = view.getUint32(eocd + 16, true); i < view.getUint16(eocd + 10, true); i++) {
    const n = view.getUint16(at + 28, true);
    entries[strFromU8(zip.subarray(at + 46, at + 46 + n))] = at;
    at += 46 + n + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

/** Where an entry's (compressed) data starts, after its local header. */
function dataStart(zip: Uint8Array, central: number): number {
  const view = new DataView(zip.buffer, zip.byteOffset);
  const local = view.getUint32(central + 42, true);
  return local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
}

describe('an .xlsx unit list', () => {
  it('reads shared strings, numbers and rich text by row number, skipping blank rows and other sheets', async () => {
    const file = await workbook((wb) => {
      const ws = wb.addWorksheet('名单');
      ws.addRow(['地区', '单位名称']);
      ws.addRow(['华龙区', '华龙区财政局']);
      ws.addRow([]);
      ws.addRow(['范县', { richText: [{ text: '范县' }, { text: '农业农村局', font: { bold: true } }] }]);
      ws.getCell('A6').value = '华龙区';
      ws.getCell('B6').value = 2024;
      ws.getCell('C6').value = '  ';
      wb.addWorksheet('其他').addRow(['范县', '不应读到']);
    });
    expect(strFromU8(unzipSync(file)['xl/sharedStrings.xml'] as Uint8Array)).toContain('<si>');
    expect(cells(xlsxRows(file))).toEqual([
      [1, '地区', '单位名称'],
      [2, '华龙区', '华龙区财政局'],
      [4, '范县', '范县农业农村局'],
      [6, '华龙区', '2024'],
    ]);
  });

  it('reads inline and formula strings (no shared strings part) and booleans', async () => {
    // exceljs's streaming writer writes strings in the sheet itself.
    const chunks: Buffer[] = [];
    const stream = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
    const ws = wb.addWorksheet('Sheet1');
    ws.getCell('A1').value = '华龙区';
    ws.getCell('B1').value = { richText: [{ text: '华龙区' }, { text: '教育局' }] };
    ws.getCell('A2').value = { formula: '"范"&"县"', result: '范县' };
    ws.getCell('B2').value = '范县<民政>局 & "所"';
    ws.getCell('C2').value = true;
    ws.commit();
    await wb.commit();
    const file = new Uint8Array(Buffer.concat(chunks));
    const sheet = strFromU8(unzipSync(file)['xl/worksheets/sheet1.xml'] as Uint8Array);
    expect(sheet).toContain('t="inlineStr"');
    expect(sheet).toContain('t="str"');
    expect(unzipSync(file)['xl/sharedStrings.xml']).toBeUndefined();
    expect(cells(xlsxRows(file))).toEqual([
      [1, '华龙区', '华龙区教育局'],
      [2, '范县', '范县<民政>局 & "所"', 'TRUE'],
    ]);
  });

  it('follows the workbook to its first visible sheet, with prefixed XML, escapes and phonetic guides', async () => {
    const base = await workbook((wb) => {
      wb.addWorksheet('A').addRow(['x']);
      wb.addWorksheet('B').addRow(['y']);
    });
    const rels = strFromU8(unzipSync(base)['xl/_rels/workbook.xml.rels'] as Uint8Array);
    const sheet2 = rels.match(/Id="(rId\d+)"[^>]*Target="worksheets\/sheet2\.xml"/)?.[1];
    expect(sheet2).toBeTruthy();
    const file = withParts(base, {
      'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="隐藏" sheetId="1" state="hidden" r:id="rId3"/><sheet name="名单" sheetId="2" r:id="${sheet2}"/></sheets></workbook>`,
      'xl/worksheets/sheet2.xml': `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c><x:c r="C3" t="inlineStr"><x:is><x:t xml:space="preserve"> 华龙区&amp;财政局_x000D_ </x:t></x:is></x:c></x:row>
<x:row r="4"><x:c r="B4" t="s"><x:v>1</x:v></x:c><x:c r="C4" t="s"><x:v>2</x:v></x:c></x:row>
</x:sheetData></x:worksheet>`,
      'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>华龙区</t></si>
<si><r><t>范</t></r><r><rPr><b/></rPr><t>县</t></r><rPh sb="0" eb="1"><t>fàn</t></rPh></si>
<si><t>&#33539;县民政局</t></si></sst>`,
    });
    expect(cells(xlsxRows(file))).toEqual([
      [3, '', '华龙区', '华龙区&财政局'],
      [4, '', '范县', '范县民政局'],
    ]);
  });

  it('refuses what is not an .xlsx with a 400 on the field xlsx', async () => {
    const notZip = refusal(() => xlsxRows(strToU8('地区,单位名称\n华龙区,财政局')));
    expect(notZip).toMatchObject({ status: 400, code: 'xlsx_invalid', field: 'xlsx' });
    expect(notZip.message).toMatch(/[\u4e00-\u9fa5]/);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]);
    expect(refusal(() => xlsxRows(xls)).message).toContain('.xls');
    // A zip that is not a workbook (a Word file, say).
    expect(refusal(() => xlsxRows(zipSync({ 'word/document.xml': strToU8('<w:document/>') })))).toMatchObject(
      { code: 'xlsx_invalid', field: 'xlsx' },
    );
    const good = await workbook((wb) => wb.addWorksheet('S').addRow(['华龙区', '财政局']));
    // Cut short, and with its sheet's compressed data overwritten.
    expect(refusal(() => xlsxRows(good.subarray(0, good.length - 40))).code).toBe('xlsx_invalid');
    const garbled = good.slice();
    const sheetAt = dataStart(garbled, centralDirectory(garbled)['xl/worksheets/sheet1.xml'] as number);
    garbled.fill(0xff, sheetAt, sheetAt + 40);
    expect(refusal(() => xlsxRows(garbled)).code).toBe('xlsx_invalid');
    // A shared string index that is not there.
    const dangling = withParts(good, {
      'xl/worksheets/sheet1.xml':
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>',
    });
    expect(refusal(() => xlsxRows(dangling)).code).toBe('xlsx_invalid');
  });

  it('refuses a zip bomb before inflating it, and one that lies about its size stays within what it declared', async () => {
    const good = await workbook((wb) => wb.addWorksheet('S').addRow(['华龙区', '财政局']));
    const bomb = (bytes: number) =>
      zipSync({ ...unzipSync(good), 'xl/worksheets/sheet1.xml': [new Uint8Array(bytes), { level: 9 }] });
    const honest = bomb(64 * 1024 * 1024);
    expect(honest.length).toBeLessThan(MAX_UNIT_LIST_XLSX_BYTES);
    const before = process.memoryUsage().arrayBuffers;
    expect(refusal(() => xlsxRows(honest))).toMatchObject({ code: 'xlsx_too_large', field: 'xlsx' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_PART_BYTES);

    // The same bomb declaring 600 bytes in the central directory: inflated into 600 bytes.
    const lying = honest.slice();
    const sheet = centralDirectory(lying)['xl/worksheets/sheet1.xml'] as number;
    new DataView(lying.buffer).setUint32(sheet + 24, 600, true);
    const started = Date.now();
    expect(xlsxRows(lying)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses parts that share their data (the overlapping-entry bomb), too many entries and files over the size limit', async () => {
    const good = await workbook((wb) => wb.addWorksheet('S').addRow(['华龙区', '财政局']));
    // Point the shared strings' central directory entry at the sheet's data.
    const files = unzipSync(good);
    const big = randomBytes(150_000).toString('base64'); // does not compress much
    const overlapping = zipSync({
      ...files,
      'xl/worksheets/sheet1.xml': strToU8(
        `<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>${big}</t></is></c></row></sheetData></worksheet>`,
      ),
      'xl/sharedStrings.xml': strToU8('<sst/>'),
    });
    const view = new DataView(overlapping.buffer);
    const entries = centralDirectory(overlapping);
    const sheetEntry = entries['xl/worksheets/sheet1.xml'] as number;
    const stringsEntry = entries['xl/sharedStrings.xml'] as number;
    // Same compressed size, sizes and local header as the sheet: both read the same bytes.
    for (const off of [10, 12, 14, 16, 20, 24, 42]) {
      const width = off === 10 || off === 12 || off === 14 ? 2 : 4;
      if (width === 2) view.setUint16(stringsEntry + off, view.getUint16(sheetEntry + off, true), true);
      else view.setUint32(stringsEntry + off, view.getUint32(sheetEntry + off, true), true);
    }
    // The sheet alone compresses to most of the file; two parts reading it add up to more than the file.
    expect(refusal(() => xlsxRows(overlapping))).toMatchObject({
      status: 400,
      code: 'xlsx_invalid',
      field: 'xlsx',
    });

    expect(refusal(() => xlsxRows(new Uint8Array(MAX_UNIT_LIST_XLSX_BYTES + 1).fill(0x50))).code).toBe(
      'xlsx_too_large',
    );
    // A central directory of more entries than any workbook has is not walked to its end.
    const crowded = zipSync(
      Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`x/${i}`, new Uint8Array(0)])),
    );
    expect(refusal(() => xlsxRows(crowded)).code).toBe('xlsx_invalid');
  });

  it('is sent as base64 within the route’s body limit, and never together with CSV', () => {
    const max = 'A'.repeat(4 * Math.ceil(MAX_UNIT_LIST_XLSX_BYTES / 3));
    expect(importUnitsBody.safeParse({ xlsx: max }).success).toBe(true);
    expect(importUnitsBody.safeParse({ xlsx: `${max}AAAA` }).success).toBe(false);
    expect(importUnitsBody.safeParse({ xlsx: '不是base64' }).success).toBe(false);
    expect(importUnitsBody.safeParse({ csv: 'a,b', xlsx: 'AAAA' }).success).toBe(false);
    expect(importUnitsBody.safeParse({}).success).toBe(false);
    expect(JSON.stringify({ xlsx: max }).length).toBeLessThan(routeById('importUnits').maxBodyBytes ?? 0);
  });
});

describe('the unit list check (CSV and .xlsx alike)', () => {
  it('reads CSV with any separator, quotes and a byte-order mark, counting blank lines', () => {
    expect(cells(csvRows('\uFEFF地区,单位名称\n\n"华龙区"，财政局\r\n范县\t民政局;x'))).toEqual([
      [1, '地区', '单位名称'],
      [2, ''],
      [3, '华龙区', '财政局'],
      [4, '范县', '民政局', 'x'],
    ]);
  });

  it('takes the columns from a header row, or the first two without one', () => {
    const rows = [
      { line: 1, cells: ['序号', '县区', '单位名称'] },
      { line: 2, cells: ['1', '华龙区', '华龙区财政局'] },
      { line: 5, cells: ['2', 'fanxian', '范县民政局'] },
    ];
    expect(parseUnitList(rows, REGIONS)).toEqual([
      { line: 2, name: '华龙区财政局', regionId: 'hualong' },
      { line: 5, name: '范县民政局', regionId: 'fanxian' },
    ]);
    expect(parseUnitList([{ line: 3, cells: ['范县', '范县财政局', '备注'] }], REGIONS)).toEqual([
      { line: 3, name: '范县财政局', regionId: 'fanxian' },
    ]);
  });

  it('refuses the whole list for one bad line, naming it', () => {
    const bad = refusal(() =>
      parseUnitList(
        [
          { line: 1, cells: ['华龙区', '甲'] },
          { line: 7, cells: ['火星区', '乙'] },
        ],
        REGIONS,
      ),
    );
    expect(bad).toMatchObject({ status: 400, field: 'rows', message: '第 7 行：地区“火星区”不在本活动中' });
    expect(refusal(() => parseUnitList([{ line: 2, cells: ['华龙区', ''] }], REGIONS)).message).toBe(
      '第 2 行：单位名称应为 1 到 60 字',
    );
    expect(refusal(() => parseUnitList([{ line: 1, cells: ['地区', '单位名称'] }], REGIONS)).message).toMatch(
      /名单为空/,
    );
    const many = Array.from({ length: 501 }, (_, i) => ({ line: i + 1, cells: ['华龙区', `单位${i}`] }));
    expect(refusal(() => parseUnitList(many, REGIONS)).message).toContain('500');
  });
});
