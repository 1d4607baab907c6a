import { describe, expect, it } from 'vitest';
import { approvalDocx, approvalDocxCombined } from '#lib/documents/approval-docx';
import { BLANK_DATE } from '#lib/documents/page';
import { campaign, collective, count, docxPart, docxText, PHOTO, unzip, worker } from './fixtures.ts';

const opinions = {
  unit: { text: '该同志表现突出，经民主推荐，同意推荐。', date: '2024-01-05' },
  county: { text: '经审核，同意推荐。', date: '2024-01-16' },
};

describe('the worker 审批表 (docx)', () => {
  const make = () => approvalDocx(campaign, worker({ opinions }));

  it('holds every field of the form, the whole ID number and each assessment year', async () => {
    const text = docxText(docxPart(await make()));
    expect(text).toContain('濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进工作者推荐审批表');
    expect(text).toContain('县（区）：华龙区　　推荐单位：华龙区财政局');
    for (const [label, value] of [
      ['姓名', '李建国'],
      ['性别', '男'],
      ['民族', '汉族'],
      ['出生年月', '1985年6月'],
      ['政治面貌', '中共党员'],
      ['参加工作时间', '2007年7月'],
      ['学历', '大学本科'],
      ['职称', '会计师'],
      ['身份证号', '410902198506151231'],
      ['工作单位及职务', '华龙区财政局 惠民惠农科科长'],
      ['个人身份', '公务员'],
      ['联系电话', '13903930001'],
      ['何时何地受过何种奖励', '2021年被评为华龙区优秀公务员'],
      ['有无违法违纪', '无'],
      ['主要事迹', '负责全区惠民惠农财政补贴资金“一卡通”发放管理工作，推动资金直达到户。'],
      ['事迹简介', '推动“一卡通”资金直达到户，群众满意度显著提升。'],
    ]) {
      expect(text.replace(/\n/g, ''), label).toContain(label);
      expect(text, label).toContain(value);
    }
    expect(text).toMatch(
      /2019年\n2020年\n2021年\n2022年\n2023年\n+称职\(合格\)\n称职\(合格\)\n优秀\n称职\(合格\)\n称职\(合格\)\n/,
    );
  });

  it('is on A4 with the GB/T 9704 margins, in 方正小标宋简体 二号 and 仿宋 小四', async () => {
    const bytes = await make();
    const xml = docxPart(bytes);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    // 37 mm = 2098, 35 mm = 1984, 28 mm = 1587, 26 mm = 1474 twips
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toMatch(
      /<w:rFonts w:ascii="方正小标宋简体"[^>]* w:eastAsia="方正小标宋简体"[^>]*\/><w:sz w:val="44"\/>/,
    );
    expect(xml).toMatch(/<w:rFonts w:ascii="仿宋"[^>]* w:eastAsia="仿宋"[^>]*\/><w:sz w:val="24"\/>/);
    // the text of the form is in 仿宋 小四 even where a run sets no font of its own
    const styles = docxPart(bytes, 'word/styles.xml');
    expect(styles).toMatch(
      /<w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋"[^>]* w:eastAsia="仿宋"[^>]*\/><w:sz w:val="24"\/>/,
    );
  });

  it('embeds the photo at 35 × 49 mm (1,260,000 × 1,764,000 EMU)', async () => {
    const bytes = await make();
    const media = Object.entries(unzip(bytes)).filter(([p]) => p.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(media[0]?.[0]).toMatch(/\.jpe?g$/);
    expect(Buffer.from(media[0]?.[1] ?? []).equals(PHOTO)).toBe(true);
    const xml = docxPart(bytes);
    expect(xml).toContain('<wp:extent cx="1260000" cy="1764000"/>');
    expect(count(xml, '<w:drawing>')).toBe(1);
  });

  it('fills the opinion boxes recorded, with their dates, and leaves the rest for the pen and the seal', async () => {
    const text = docxText(docxPart(await make()));
    expect(text).toMatch(
      /推荐单位\n意见\n该同志表现突出，经民主推荐，同意推荐。\n\n\n（盖章）\n2024年1月5日\n/,
    );
    expect(text).toMatch(/县（区）\n审核意见\n经审核，同意推荐。\n\n\n（盖章）\n2024年1月16日\n/);
    expect(text).toMatch(new RegExp(`市评选\\n工作领导\\n小组意见\\n\\n\\n\\n（盖章）\\n${BLANK_DATE}\\n`));
    expect(count(text, '（盖章）')).toBe(3);
    expect(count(text, BLANK_DATE)).toBe(1);
    expect(BLANK_DATE).toMatch(/^　+年　+月　+日$/);
  });

  it('starts the opinions on a page of their own', async () => {
    const xml = docxPart(await make());
    expect(count(xml, '<w:pageBreakBefore/>')).toBe(1);
    expect(xml.indexOf('<w:pageBreakBefore/>')).toBeGreaterThan(xml.indexOf('主要事迹'));
    expect(xml.indexOf('<w:pageBreakBefore/>')).toBeLessThan(xml.indexOf('事迹简介'));
  });

  it('leaves a box for the paper photo when none was accepted', async () => {
    const bytes = await approvalDocx(campaign, worker({ photo: undefined }));
    expect(Object.keys(unzip(bytes)).some((p) => p.startsWith('word/media/'))).toBe(false);
    expect(docxText(docxPart(bytes))).toContain('（2寸蓝底彩色证件照）');
  });
});

describe('the collective 审批表 (docx)', () => {
  it('holds every field of the collective form and no photo', async () => {
    const bytes = await approvalDocx(campaign, collective());
    const text = docxText(docxPart(bytes));
    expect(text).toContain('濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体推荐审批表');
    for (const value of [
      '濮阳市华龙区财政局',
      '机关',
      '正科级',
      '王卫东',
      '86',
      '濮阳市华龙区中原路 100 号',
      '赵敏',
      '0393-4412345',
      '建立“一卡通”资金监管平台，实现补贴发放全流程监管。',
      '建成资金监管平台，补贴发放零差错。',
    ]) {
      expect(text).toContain(value);
    }
    expect(text).toContain('近五年有无\n违法违纪\n无');
    expect(text).not.toContain('身份证号');
    expect(Object.keys(unzip(bytes)).some((p) => p.startsWith('word/media/'))).toBe(false);
    expect(count(text, BLANK_DATE)).toBe(3);
  });
});

describe('the combined 审批表 for printing', () => {
  it('holds each nominee in the order given, each starting on a new page', async () => {
    const nominees = (async function* () {
      yield worker({ form: { name: '李建国' } });
      yield worker({ form: { name: '王芳', sex: '女' }, idNumber: '410902199001021248' });
      yield collective();
    })();
    const bytes = await approvalDocxCombined(campaign, nominees);
    const xml = docxPart(bytes);
    const text = docxText(xml);
    expect(count(text, '先进工作者推荐审批表')).toBe(2);
    expect(count(text, '先进集体推荐审批表')).toBe(1);
    expect(text.indexOf('李建国')).toBeLessThan(text.indexOf('王芳'));
    expect(text.indexOf('王芳')).toBeLessThan(text.indexOf('濮阳市华龙区财政局'));
    expect(text).toContain('410902199001021248');
    // each nominee after the first starts a page (2), and each one's opinions start a page (3)
    expect(count(xml, '<w:pageBreakBefore/>')).toBe(5);
    const titles = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?推荐审批表<\/w:t>/gs)].map((m) => m[0]);
    expect(titles.map((p) => p.includes('<w:pageBreakBefore/>'))).toEqual([false, true, true]);
    expect(count(xml, '<w:drawing>')).toBe(2);
  });
});
