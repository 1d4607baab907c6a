import { describe, expect, it } from 'vitest';
import { opinionDocx, opinionDocxCombined } from '#lib/documents/opinion-docx';
import { BLANK_DATE } from '#lib/documents/page';
import { campaign, collective, count, docxPart, docxText, worker } from './fixtures.ts';

describe('the 征求意见表 (docx)', () => {
  const nominee = worker({
    departmentOpinions: [
      {
        department: '组织人事',
        conclusion: '同意推荐',
        text: '经查，该同志近五年年度考核均为称职以上。',
        date: '2024-01-10',
      },
      {
        department: '纪检监察',
        conclusion: '无违纪记录',
        text: '经查，未发现该同志有违纪问题。',
        date: '2024-01-09',
        docNumber: '华纪函〔2024〕3号',
      },
      // asked again later: the later answer is the one on the form
      { department: '组织人事', conclusion: '同意推荐', text: '复核后意见不变。', date: '2024-01-12' },
    ],
  });

  it('names the nominee and gives each department its box, recorded or blank', async () => {
    const bytes = await opinionDocx(campaign, nominee);
    const text = docxText(docxPart(bytes));
    expect(text).toContain('濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进工作者推荐对象征求意见表');
    expect(text).toMatch(/姓名\n李建国\n性别\n男\n/);
    expect(text).toMatch(/工作单位\n及职务\n华龙区财政局 惠民惠农科科长\n/);
    expect(text).toMatch(
      /组织人事部门\n意见\n复核后意见不变。\n结论：同意推荐\n\n\n（盖章）\n2024年1月12日\n/,
    );
    expect(text).not.toContain('该同志近五年年度考核均为称职以上');
    expect(text).toMatch(
      /纪检监察部门\n意见\n经查，未发现该同志有违纪问题。\n结论：无违纪记录\n文号：华纪函〔2024〕3号\n\n\n（盖章）\n2024年1月9日\n/,
    );
    expect(text).toMatch(new RegExp(`公安部门\\n意见\\n\\n\\n\\n（盖章）\\n${BLANK_DATE}\\n`));
    expect(text.indexOf('组织人事')).toBeLessThan(text.indexOf('纪检监察'));
    expect(text.indexOf('纪检监察')).toBeLessThan(text.indexOf('公安'));
  });

  it('never prints the ID number', async () => {
    const xml = docxPart(await opinionDocx(campaign, nominee));
    expect(nominee.idNumber).toBeTruthy();
    expect(xml).not.toContain(nominee.idNumber as string);
    expect(xml).not.toContain('身份证');
  });

  it('is on A4 with the official margins', async () => {
    const xml = docxPart(await opinionDocx(campaign, nominee));
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  });

  it('names a collective by its unit, nature and leader', async () => {
    const text = docxText(docxPart(await opinionDocx(campaign, collective())));
    expect(text).toContain('先进集体推荐对象征求意见表');
    expect(text).toMatch(/单位名称\n濮阳市华龙区财政局\n/);
    expect(text).toMatch(/单位性质\n机关\n主要负责人\n王卫东\n/);
    expect(count(text, BLANK_DATE)).toBe(3);
  });

  it('prints every nominee in one file, each on a new page', async () => {
    const xml = docxPart(
      await opinionDocxCombined(campaign, [nominee, collective(), worker({ form: { name: '王芳' } })]),
    );
    expect(count(docxText(xml), '推荐对象征求意见表')).toBe(3);
    expect(count(xml, '<w:pageBreakBefore/>')).toBe(2);
  });
});
