/** The RFC 4180 reader behind the unit list: quotes, doubled quotes, line breaks, BOM, separators. */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '#shared/csv';
import { ApiError } from '#shared/errors';
import { csvRows, parseUnitList } from '#shared/unit-list';

const cells = (text: string, separators?: string) =>
  parseCsv(text, separators ? { separators } : {}).map((r) => [r.line, ...r.cells]);

describe('parseCsv', () => {
  it('keeps separators inside quotes in the cell', () => {
    expect(cells('华龙区,"X局,办公室"\n')).toEqual([[1, '华龙区', 'X局,办公室']]);
  });

  it('reads doubled quotes as one quote', () => {
    expect(cells('a,"他说""好""",b')).toEqual([[1, 'a', '他说"好"', 'b']]);
  });

  it('keeps line breaks inside quotes and counts them in the next rows’ line numbers', () => {
    expect(cells('"第一行\r\n第二行",x\r\ny,z\r\n')).toEqual([
      [1, '第一行\r\n第二行', 'x'],
      [3, 'y', 'z'],
    ]);
  });

  it('accepts CRLF, LF and a lone CR, and drops a byte-order mark', () => {
    expect(cells('\uFEFFa,b\r\nc,d\ne,f\rg,h')).toEqual([
      [1, 'a', 'b'],
      [2, 'c', 'd'],
      [3, 'e', 'f'],
      [4, 'g', 'h'],
    ]);
  });

  it('keeps empty cells, and blank lines as one empty cell', () => {
    expect(cells('a,,c\n\n,\n""')).toEqual([
      [1, 'a', '', 'c'],
      [2, ''],
      [3, '', ''],
      [4, ''],
    ]);
  });

  it('trims unquoted cells but keeps a quoted cell’s own blanks', () => {
    expect(cells('  a  , " b " ,c')).toEqual([[1, 'a', ' b ', 'c']]);
  });

  it('takes several separators at once', () => {
    expect(cells('a，b\tc;d；"e,f"', ',，\t;；')).toEqual([[1, 'a', 'b', 'c', 'd', 'e,f']]);
  });

  it('refuses a quote left open, naming the line it opened on', () => {
    try {
      parseCsv('a,b\nc,"d\ne', { field: 'csv' });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).statusCode).toBe(400);
      expect((e as ApiError).field).toBe('csv');
      expect((e as ApiError).message).toBe('第 2 行：引号未闭合');
    }
  });
});

describe('the unit list from CSV', () => {
  it('imports a unit whose name holds a comma in quotes whole', () => {
    const rows = csvRows('地区,单位名称\r\n华龙区,"X局,办公室"\r\n范县,"民政局（""一卡通""办）"\r\n');
    expect(
      parseUnitList(rows, [
        { id: 'hualong', name: '华龙区' },
        { id: 'fanxian', name: '范县' },
      ]),
    ).toEqual([
      { line: 2, name: 'X局,办公室', regionId: 'hualong' },
      { line: 3, name: '民政局（"一卡通"办）', regionId: 'fanxian' },
    ]);
  });
});
