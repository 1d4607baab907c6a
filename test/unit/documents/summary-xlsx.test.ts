import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeQuotaXlsx } from '#lib/documents/quota-xlsx';
import { writeSummaryXlsx } from '#lib/documents/summary-xlsx';
import { type DocNominee, DocumentInputError, inRegionOrder } from '#lib/documents/types';
import { campaign, collective, readXlsx, sink, worker } from './fixtures.ts';

const readBack = readXlsx;

/** A row's values across the sheet's `width` columns, blank cells as ''. */
const rowValues = (ws: ExcelJS.Worksheet, r: number, width: number) =>
  Array.from({ length: width }, (_, i) => ws.getCell(r, i + 1).value ?? '');

const TITLE = '濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进工作者推荐汇总表';

describe('the 汇总表 (xlsx, streamed)', () => {
  const nominees: Record<string, DocNominee[]> = {
    hualong: [
      worker({ form: { name: '李建国' } }),
      worker({ form: { name: '王芳', sex: '女', professionalTitle: '' } }),
    ],
    qingfeng: [
      worker({
        regionId: 'qingfeng',
        unitName: '清丰县财政局',
        form: { name: '张伟', birthMonth: '1990-11', unitAndPost: '清丰县财政局 副局长' },
        remark: '市直推荐',
      }),
    ],
    'puyang-county': [
      worker({ regionId: 'puyang-county', unitName: '濮阳县财政局', form: { name: '赵磊' } }),
    ],
  };

  async function workerSheet() {
    const { out, bytes } = sink();
    const done = writeSummaryXlsx(out, {
      campaign,
      category: 'worker',
      header: { unit: '濮阳市财政局', contact: '高龙超', phone: '0393-6666715', date: '2024-01-18' },
      nominees: inRegionOrder(campaign.regions, (r) => nominees[r.id] ?? []),
    });
    expect(await done).toEqual({ rows: 4 });
    return readBack(await bytes);
  }

  it('has a merged title row, the header line and the columns of the domain', async () => {
    const ws = await workerSheet();
    expect(ws.getCell('A1').value).toBe(TITLE);
    expect(ws.getCell('M1').isMerged).toBe(true);
    expect(ws.getCell('M1').master.address).toBe('A1');
    expect(ws.getCell('N1').isMerged).toBe(false);
    expect(ws.getCell('A1').font?.name).toBe('方正小标宋简体');
    expect(ws.getCell('A1').font?.size).toBe(22);
    expect(ws.getCell('A2').value).toBe(
      '填报单位（盖章）：濮阳市财政局　　　　联系人：高龙超　　　　电话：0393-6666715　　　　日期：2024年1月18日',
    );
    expect(ws.getCell('M2').master.address).toBe('A2');
    expect(rowValues(ws, 3, 13)).toEqual([
      '序号',
      '县（区）',
      '姓名',
      '性别',
      '民族',
      '出生年月',
      '政治面貌',
      '学历',
      '工作单位及职务',
      '职称',
      '个人身份',
      '事迹简介',
      '备注',
    ]);
  });

  it('numbers the rows (序号) in the campaign region order, whatever order the regions were queried', async () => {
    const ws = await workerSheet();
    // 华龙区, 濮阳县, 清丰县 is the campaign's order
    expect(
      [4, 5, 6, 7].map((r) => [ws.getCell(r, 1).value, ws.getCell(r, 2).value, ws.getCell(r, 3).value]),
    ).toEqual([
      [1, '华龙区', '李建国'],
      [2, '华龙区', '王芳'],
      [3, '濮阳县', '赵磊'],
      [4, '清丰县', '张伟'],
    ]);
    expect(ws.getCell(8, 1).value ?? null).toBeNull();
  });

  it('writes each field of a row, months as 1990年11月', async () => {
    const ws = await workerSheet();
    expect(rowValues(ws, 7, 13)).toEqual([
      4,
      '清丰县',
      '张伟',
      '男',
      '汉族',
      '1990年11月',
      '中共党员',
      '大学本科',
      '清丰县财政局 副局长',
      '会计师',
      '公务员',
      '推动“一卡通”资金直达到户，群众满意度显著提升。',
      '市直推荐',
    ]);
    expect(ws.getCell(5, 10).value ?? '').toBe(''); // 王芳 has no 职称
  });

  it('prints on A4 landscape, fitted to the width, with rows 1–3 repeated on every page', async () => {
    const ws = await workerSheet();
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.printTitlesRow).toBe('1:3');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.fitToHeight).toBe(0);
  });

  it('sizes the columns for Chinese text and wraps 事迹简介', async () => {
    const ws = await workerSheet();
    const widths = Array.from({ length: 13 }, (_, i) => ws.getColumn(i + 1).width);
    expect(widths).toEqual([6, 9, 9, 6, 7, 11, 10, 10, 22, 9, 10, 31, 7]);
    expect(widths.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(147);
    expect(ws.getCell('L4').alignment?.wrapText).toBe(true);
    expect(ws.getCell('I4').alignment?.wrapText).toBe(true);
    expect(ws.getCell('L4').alignment?.horizontal).toBe('left');
    expect(ws.getCell('L4').border?.top?.style).toBe('thin');
    expect(ws.getCell('L4').font?.name).toBe('仿宋');
  });

  it('writes the collectives with their own columns, 职工人数 as a number', async () => {
    const { out, bytes } = sink();
    await writeSummaryXlsx(out, {
      campaign,
      category: 'collective',
      nominees: [
        collective(),
        collective({ regionId: 'shizhi', form: { unitName: '濮阳市财政局', staffCount: 120 } }),
      ],
    });
    const ws = await readBack(await bytes);
    expect(ws.getCell('A1').value).toBe('濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体推荐汇总表');
    expect(ws.getCell('H1').master.address).toBe('A1');
    expect(ws.getCell('A2').value).toBe(
      '填报单位（盖章）：　　　　　　　　　　　　联系人：　　　　　　　　电话：　　　　　　　　　　日期：　　　　年　　月　　日',
    );
    expect(rowValues(ws, 3, 8)).toEqual([
      '序号',
      '县（区）',
      '单位名称',
      '单位性质',
      '负责人',
      '职工人数',
      '事迹简介',
      '备注',
    ]);
    expect(rowValues(ws, 5, 8)).toEqual([
      2,
      '市直',
      '濮阳市财政局',
      '机关',
      '王卫东',
      120,
      '建成资金监管平台，补贴发放零差错。',
      '',
    ]);
    expect(ws.getCell('F4').alignment?.wrapText).toBe(true);
  });

  it('refuses nominees out of region order or of the other category, and fails the output', async () => {
    const outOfOrder = sink();
    const failed = outOfOrder.bytes.catch((e: Error) => e);
    await expect(
      writeSummaryXlsx(outOfOrder.out, {
        campaign,
        category: 'worker',
        nominees: [worker({ regionId: 'qingfeng' }), worker({ regionId: 'hualong' })],
      }),
    ).rejects.toThrow(DocumentInputError);
    expect(await failed).toBeInstanceOf(DocumentInputError);

    const wrongKind = sink();
    wrongKind.bytes.catch(() => {});
    await expect(
      writeSummaryXlsx(wrongKind.out, { campaign, category: 'worker', nominees: [collective()] }),
    ).rejects.toThrow(/其他类别/);
  });
});

describe('the quota table (xlsx)', () => {
  it('lists allocated, used and left per region and category in region order, with totals', async () => {
    const { out, bytes } = sink();
    await writeQuotaXlsx(out, {
      campaign,
      asOf: '2024-01-18',
      uses: [
        { regionId: 'hualong', category: 'worker', quota: 6, used: 6 },
        { regionId: 'hualong', category: 'collective', quota: 4, used: 1 },
        { regionId: 'shizhi', category: 'worker', quota: 10, used: 3 },
      ],
    });
    const ws = await readBack(await bytes);
    expect(ws.getCell('A1').value).toBe('濮阳市惠民惠农财政补贴资金“一卡通”管理工作名额分配及使用情况表');
    expect(ws.getCell('H1').master.address).toBe('A1');
    expect(ws.getCell('A2').value).toBe('统计日期：2024年1月18日');
    // grouped headings: 先进集体 over C–E, 先进工作者 over F–H, 序号 and 县（区） merged down
    expect(ws.getCell('C3').value).toBe('先进集体');
    expect(ws.getCell('E3').master.address).toBe('C3');
    expect(ws.getCell('F3').value).toBe('先进工作者');
    expect(ws.getCell('H3').master.address).toBe('F3');
    expect(ws.getCell('A4').master.address).toBe('A3');
    expect(rowValues(ws, 4, 8).slice(2)).toEqual([
      '分配名额',
      '已推荐',
      '剩余',
      '分配名额',
      '已推荐',
      '剩余',
    ]);
    expect(rowValues(ws, 5, 8)).toEqual([1, '华龙区', 4, 1, 3, 6, 6, 0]);
    expect(rowValues(ws, 6, 8)).toEqual([2, '濮阳县', 5, 0, 5, 7, 0, 7]);
    expect(rowValues(ws, 14, 8)).toEqual([10, '市直', 8, 0, 8, 10, 3, 7]);
    expect(rowValues(ws, 15, 8)).toEqual(['', '合计', 36, 1, 35, 52, 9, 43]);
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.printTitlesRow).toBe('1:4');
  });
});
