/**
 * The Qingfeng notice's documents (campaigns/qingfeng-2026-teachers.yaml), laid out from its
 * definition: the 推荐审批表 with the notice's fields (任班主任年限 only for 优秀班主任), the
 * 推荐汇总表 with the notice's columns, the 名额分配表 of 23 schools with its share rule, and the
 * package holding them, read back with the real parsers. Nothing of Puyang's forms appears.
 */
import type ExcelJS from 'exceljs';
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { approvalDocx, approvalDocxCombined } from '#lib/documents/approval-docx';
import { writeExportPackage } from '#lib/documents/export-package';
import { opinionDocx } from '#lib/documents/opinion-docx';
import { BLANK_DATE } from '#lib/documents/page';
import { writeQuotaXlsx } from '#lib/documents/quota-xlsx';
import { writeSummaryXlsx } from '#lib/documents/summary-xlsx';
import {
  classTeacher,
  count,
  docxPart,
  docxText,
  qingfeng,
  readXlsx,
  sink,
  teacher,
  unzip,
} from './fixtures.ts';

const campaign = qingfeng;

/** Fields of the Puyang forms that no Qingfeng document may show. */
const PUYANG_ONLY = [
  '身份证号',
  '参加工作时间',
  '工作单位及职务',
  '个人身份',
  '有无违法违纪',
  '先进工作者',
  '先进集体',
];

const opinions = {
  unit: { text: '经校务会研究，同意推荐。', date: '2026-11-20' },
  county: { text: '经审核，同意推荐。', date: '2026-11-27' },
};

describe('the Qingfeng 推荐审批表 (docx)', () => {
  it('holds the notice’s fields in its order, the three assessment years and the school’s boxes', async () => {
    const bytes = await approvalDocx(campaign, teacher({ opinions }));
    const text = docxText(docxPart(bytes));
    expect(text).toContain('清丰县2026年度优秀教师推荐审批表');
    expect(text).toContain('学校（学区）：马庄桥镇中心校　　推荐单位：马庄桥镇第一小学');
    // 姓名、性别、出生年月、民族、政治面貌、学历、职称、任教学科、教龄、近三年考核结果、主要事迹、事迹简介
    const flat = text.replace(/\n/g, '|');
    const order = [
      '姓名|张老师',
      '性别|女',
      '出生年月|1988年9月',
      '民族|汉族',
      '政治面貌|中共党员',
      '学历|大学本科',
      '职称|一级教师',
      '任教学科|数学',
      '教龄|12',
      '近三年考核结果|2024年|2025年|2026年|',
      '合格|优秀|合格',
      '主要事迹|扎根乡村教学一线十二年',
      '事迹简介|乡村数学教师，教学成绩突出。',
    ];
    const at = order.map((s) => flat.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(order.filter((_, k) => (at[k] as number) < 0)),
    ).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(text).not.toContain('任班主任年限');
    for (const word of PUYANG_ONLY) expect(text, word).not.toContain(word);
    // the definition's boxes: 学校 and the centre school filled, the county's left for the pen
    expect(text).toMatch(/学校意见\n经校务会研究，同意推荐。\n\n\n（盖章）\n2026年11月20日\n/);
    expect(text).toMatch(
      /乡镇中心校（县直学校）审核意见\n经审核，同意推荐。\n\n\n（盖章）\n2026年11月27日\n/,
    );
    expect(text).toMatch(new RegExp(`县教体局评审委员会意见\\n\\n\\n\\n（盖章）\\n${BLANK_DATE}\\n`));
    expect(count(text, '（盖章）')).toBe(3);
  });

  it('shows the 1-inch photo at 25 × 35 mm, or a box naming it when none was accepted', async () => {
    const xml = docxPart(await approvalDocx(campaign, teacher()));
    expect(xml).toContain('<wp:extent cx="900000" cy="1260000"/>');
    expect(count(xml, '<w:drawing>')).toBe(1);
    const none = docxText(docxPart(await approvalDocx(campaign, teacher({ photo: undefined }))));
    expect(none).toContain('（1寸白底彩色证件照）');
  });

  it('asks 任班主任年限 of an 优秀班主任 only, after 教龄', async () => {
    const text = docxText(docxPart(await approvalDocx(campaign, classTeacher())));
    expect(text).toContain('清丰县2026年度优秀班主任推荐审批表');
    const flat = text.replace(/\n/g, '|');
    expect(flat).toContain('教龄|12|任班主任年限|6|');
    expect(flat.indexOf('任班主任年限')).toBeLessThan(flat.indexOf('近三年考核结果'));
    for (const word of PUYANG_ONLY) expect(text, word).not.toContain(word);
  });

  it('is one table on a shared grid, the opinions on a page of their own, each form on its own page', async () => {
    const xml = docxPart(await approvalDocxCombined(campaign, [teacher(), classTeacher()]));
    expect(count(xml, '<w:pageBreakBefore/>')).toBe(3);
    // every row of the facts table spans the whole grid (156 mm = 8844 twips)
    const facts = xml.split('<w:tbl>')[1] as string;
    const grid = [...facts.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid.reduce((a, b) => a + b, 0)).toBeCloseTo(8844, -1);
    for (const row of facts.split('<w:tr>').slice(1)) {
      const spans = [...row.matchAll(/<w:tc>(?:<w:tcPr>.*?<\/w:tcPr>)/g)].map((m) =>
        Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(m[0])?.[1] ?? 1),
      );
      expect(spans.reduce((a, b) => a + b, 0)).toBe(grid.length);
    }
  });
});

/** A row's values across `width` columns, blank cells as ''. */
const rowValues = (ws: ExcelJS.Worksheet, r: number, width: number) =>
  Array.from({ length: width }, (_, i) => ws.getCell(r, i + 1).value ?? '');

/** 推荐汇总表（附件2：序号、学校、姓名、性别、任教学科、职称、教龄、事迹简介）, as the notice lists them. */
const NOTICE_COLUMNS = ['序号', '学校', '姓名', '性别', '任教学科', '职称', '教龄', '事迹简介'];

describe('the Qingfeng 推荐汇总表 (xlsx)', () => {
  it('has exactly the notice’s columns, the school in 学校, numbered in the schools’ order', async () => {
    const { out, bytes } = sink();
    await writeSummaryXlsx(out, {
      campaign,
      category: 'teacher',
      nominees: [
        teacher({ regionId: 'chengguan', unitName: '城关镇第一小学', form: { name: '李老师' } }),
        teacher(),
      ],
    });
    const ws = await readXlsx(await bytes);
    expect(ws.name).toBe('优秀教师');
    expect(ws.getCell('A1').value).toBe('清丰县2026年度优秀教师推荐汇总表');
    expect(rowValues(ws, 3, 9)).toEqual([...NOTICE_COLUMNS, '']);
    expect(rowValues(ws, 4, 8)).toEqual([
      1,
      '城关镇第一小学',
      '李老师',
      '女',
      '数学',
      '一级教师',
      12,
      '乡村数学教师，教学成绩突出。',
    ]);
    expect(rowValues(ws, 5, 3)).toEqual([2, '马庄桥镇第一小学', '张老师']);
    // the columns fill A4 landscape, 事迹简介 taking what is left, left-aligned
    const widths = Array.from({ length: 8 }, (_, i) => ws.getColumn(i + 1).width ?? 0);
    expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThan(140);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(147);
    expect(ws.getCell('H4').alignment?.horizontal).toBe('left');
    expect(ws.pageSetup.orientation).toBe('landscape');
  });

  it('gives the 优秀班主任 a table of their own, with the same columns', async () => {
    const { out, bytes } = sink();
    await writeSummaryXlsx(out, { campaign, category: 'class-teacher', nominees: [classTeacher()] });
    const ws = await readXlsx(await bytes);
    expect(ws.getCell('A1').value).toBe('清丰县2026年度优秀班主任推荐汇总表');
    expect(rowValues(ws, 3, 8)).toEqual(NOTICE_COLUMNS);
    expect(rowValues(ws, 4, 3)).toEqual([1, '马庄桥镇第一小学', '王老师']);
  });
  it('lists the nominees in the order the export gives them, by score, across schools (按得分排序)', async () => {
    const { out, bytes } = sink();
    // the export's inVoteOrder puts 马庄桥 (92 分) before 城关 (88 分): not the schools' order
    await writeSummaryXlsx(out, {
      campaign,
      category: 'teacher',
      nominees: [
        teacher(),
        teacher({ regionId: 'chengguan', unitName: '城关镇第一小学', form: { name: '李老师' } }),
      ],
    });
    const ws = await readXlsx(await bytes);
    expect(rowValues(ws, 4, 3)).toEqual([1, '马庄桥镇第一小学', '张老师']);
    expect(rowValues(ws, 5, 3)).toEqual([2, '城关镇第一小学', '李老师']);
  });
});

describe('the Qingfeng 名额分配表 (xlsx)', () => {
  it('lists the 23 schools under both categories, the totals 40 and 20, and the rural share', async () => {
    const { out, bytes } = sink();
    await writeQuotaXlsx(out, {
      campaign,
      asOf: '2026-11-30',
      uses: [
        { regionId: 'chengguan', category: 'teacher', quota: 2, used: 2 },
        { regionId: 'mazhuangqiao', category: 'teacher', quota: 2, used: 1 },
        { regionId: 'mazhuangqiao', category: 'class-teacher', quota: 1, used: 1 },
      ],
    });
    const ws = await readXlsx(await bytes);
    expect(ws.getCell('A1').value).toBe('清丰县2026年度优秀教师和优秀班主任名额分配表');
    expect([ws.getCell('B3').value, ws.getCell('C3').value, ws.getCell('F3').value]).toEqual([
      '学校（学区）',
      '优秀教师',
      '优秀班主任',
    ]);
    expect(rowValues(ws, 5, 8)).toEqual([1, '城关镇中心校', 2, 2, 0, 1, 0, 1]);
    expect(rowValues(ws, 6, 8)).toEqual([2, '马庄桥镇中心校', 2, 1, 1, 1, 1, 0]);
    expect(rowValues(ws, 27, 2)).toEqual([23, '清丰县职业中等专业学校']);
    expect(rowValues(ws, 28, 8)).toEqual(['', '合计', 40, 3, 37, 20, 1, 19]);
    // 16 rural schools hold 26 of the 40 teachers' places; the notice asks at least 24
    expect(rowValues(ws, 29, 8)).toEqual(['', '其中：农村学校（学区）', 26, 1, 25, '', '', '']);
    expect(ws.getCell('B30').value).toBe('农村学校教师不少于优秀教师名额的60%（至少 24 名）');
    expect(ws.getCell('A31').value ?? null).toBeNull();
  });
});

describe('the Qingfeng export package', () => {
  it('holds its own tables and forms, the teachers’ photos and no photo sheet or county report', async () => {
    const nominees = [
      teacher({ opinions, remark: '' }),
      classTeacher({ id: 'ct1' }),
      teacher({
        id: 't2',
        regionId: 'yigao',
        unitName: '清丰县第一高级中学',
        form: { name: '赵老师' },
        photo: undefined,
      }),
    ];
    const { out, bytes } = sink();
    const { photos } = await writeExportPackage(out, {
      campaign,
      scope: 'campaign',
      auditHeadHash: 'h'.repeat(64),
      generatedAt: new Date('2026-11-30T08:00:00Z'),
      nominees: ({ category, regionId }) =>
        nominees.filter(
          (n) => (!category || n.category === category) && (!regionId || n.regionId === regionId),
        ),
      reports: [],
      quotaUses: [],
    });
    const files = unzip(await bytes);
    expect(Object.keys(files)).toEqual([
      '01-汇总表/优秀教师推荐汇总表.xlsx',
      '01-汇总表/优秀班主任推荐汇总表.xlsx',
      '02-名额分配及使用情况表.xlsx',
      '03-审批表/马庄桥镇中心校/马庄桥镇中心校-马庄桥镇第一小学-张老师-审批表.docx',
      '04-征求意见表/马庄桥镇中心校/马庄桥镇中心校-马庄桥镇第一小学-张老师-征求意见表.docx',
      '03-审批表/马庄桥镇中心校/马庄桥镇中心校-马庄桥镇第一小学-王老师-审批表.docx',
      '04-征求意见表/马庄桥镇中心校/马庄桥镇中心校-马庄桥镇第一小学-王老师-征求意见表.docx',
      '03-审批表/马庄桥镇中心校-审批表（合订本）.docx',
      '04-征求意见表/马庄桥镇中心校-征求意见表（合订本）.docx',
      '06-照片/马庄桥镇中心校-马庄桥镇第一小学-张老师.jpg',
      '06-照片/马庄桥镇中心校-马庄桥镇第一小学-王老师.jpg',
      '03-审批表/清丰县第一高级中学/清丰县第一高级中学-清丰县第一高级中学-赵老师-审批表.docx',
      '04-征求意见表/清丰县第一高级中学/清丰县第一高级中学-清丰县第一高级中学-赵老师-征求意见表.docx',
      '03-审批表/清丰县第一高级中学-审批表（合订本）.docx',
      '04-征求意见表/清丰县第一高级中学-征求意见表（合订本）.docx',
      'manifest.json',
    ]);
    expect(photos.missing).toEqual([{ nomineeId: 't2', name: '赵老师' }]);
    // no word of Puyang's forms anywhere in the package's documents
    for (const [path, data] of Object.entries(files)) {
      if (!/\.(docx|xlsx)$/.test(path)) continue;
      const xml = Object.values(unzip(data))
        .map((b) => strFromU8(b))
        .join('');
      for (const word of PUYANG_ONLY) expect(xml, `${path}: ${word}`).not.toContain(word);
    }
    const summary = await readXlsx(files['01-汇总表/优秀班主任推荐汇总表.xlsx'] as Uint8Array);
    expect(rowValues(summary, 4, 3)).toEqual([1, '马庄桥镇第一小学', '王老师']);
  });

  it('names the teacher on the 征求意见表 with the notice’s 师德师风 box', async () => {
    const text = docxText(docxPart(await opinionDocx(campaign, teacher())));
    expect(text).toContain('清丰县2026年度优秀教师推荐对象师德师风审查意见表');
    expect(text).toMatch(/姓名\n张老师\n性别\n女\n任教学科\n数学\n/);
    expect(text).toContain('师德师风专项审查意见');
    for (const word of PUYANG_ONLY) expect(text, word).not.toContain(word);
  });
});
