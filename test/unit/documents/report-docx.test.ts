import { describe, expect, it } from 'vitest';
import { BLANK_DATE } from '#lib/documents/page';
import { reportDocx } from '#lib/documents/report-docx';
import type { CountyReport } from '#lib/documents/types';
import { campaign, count, docxPart, docxText } from './fixtures.ts';

const report: CountyReport = {
  regionName: '华龙区',
  organisation: '区财政局成立评选工作领导小组，制定工作方案。\n召开动员会，部署各成员单位开展推荐。',
  process: '各单位经民主推荐、领导班子研究并公示5个工作日后上报。',
  opinions: '就拟推荐人选征求了组织人事、纪检监察、公安部门意见，均无异议。',
  publicity: '2024年1月8日至12日在区政府网站公示，公示期间未收到异议。',
  recommendation: '推荐先进集体4个、先进工作者6名（名单附后）。',
  date: '2024-01-16',
  signedBy: '华龙区财政局',
};

describe('the county 审核推荐工作报告 (docx)', () => {
  it('reads as an official report: title, addressee, the five parts in order, signature and date', async () => {
    const text = docxText(docxPart(await reportDocx(campaign, report)));
    const lines = text.split('\n').filter(Boolean);
    expect(lines).toEqual([
      '华龙区关于濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体和先进工作者审核推荐工作的报告',
      '市评选工作领导小组办公室：',
      '根据评选通知（濮人社函〔2024〕2号）要求，现将华龙区审核推荐工作情况报告如下：',
      '一、组织开展情况',
      '区财政局成立评选工作领导小组，制定工作方案。',
      '召开动员会，部署各成员单位开展推荐。',
      '二、审核推荐过程',
      report.process,
      '三、征求意见情况',
      report.opinions,
      '四、公示情况',
      report.publicity,
      '五、推荐意见',
      report.recommendation,
      '华龙区财政局',
      '2024年1月16日',
    ]);
  });

  it('uses 仿宋_GB2312 三号 for the body at 22 lines a page, 黑体 for headings, 方正小标宋简体 二号 for the title', async () => {
    const bytes = await reportDocx(campaign, report);
    const xml = docxPart(bytes);
    expect(xml).toMatch(/<w:rFonts w:ascii="方正小标宋简体"[^>]*\/><w:sz w:val="44"\/>/);
    expect(xml).toMatch(
      /<w:rFonts w:ascii="仿宋_GB2312"[^>]* w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/,
    );
    expect(xml).toMatch(
      /<w:rFonts w:ascii="黑体"[^>]*\/><w:sz w:val="32"\/><w:szCs w:val="32"\/><\/w:rPr><w:t[^>]*>一、组织开展情况/,
    );
    expect(
      count(xml, '<w:spacing w:after="0" w:before="0" w:line="579" w:lineRule="exact"/>'),
    ).toBeGreaterThan(10);
    // two-character first-line indent at 16 pt
    expect(xml).toContain('<w:ind w:firstLine="640"/>');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  });

  it('numbers the pages in the footer', async () => {
    const parts = Object.keys((await import('fflate')).unzipSync(await reportDocx(campaign, report)));
    const footer = parts.find((p) => /^word\/footer\d*\.xml$/.test(p));
    expect(footer).toBeDefined();
    const xml = docxPart(await reportDocx(campaign, report), footer);
    expect(xml).toContain('PAGE');
    expect(xml).toContain('— ');
  });

  it('leaves the date for the pen when the county gave none, and signs with the region', async () => {
    const { date: _, signedBy: __, ...undated } = report;
    const lines = docxText(docxPart(await reportDocx(campaign, undated)))
      .split('\n')
      .filter(Boolean);
    expect(lines.slice(-2)).toEqual(['华龙区', BLANK_DATE]);
  });

  it('takes its title, headings and addressee from the campaign’s definition', async () => {
    const d = campaign.definition;
    const documents = d.documents.map((doc) =>
      doc.kind === 'report'
        ? { ...doc, title: '{region}关于2026年度优秀教师审核推荐情况的报告', sections: ['一、工作开展情况'] }
        : doc,
    );
    const lines = docxText(
      docxPart(
        await reportDocx(
          { ...campaign, definition: { ...d, office: '县教体局教师工作股', documents } },
          report,
        ),
      ),
    )
      .split('\n')
      .filter(Boolean);
    expect(lines.slice(0, 4)).toEqual([
      '华龙区关于2026年度优秀教师审核推荐情况的报告',
      '县教体局教师工作股：',
      '根据评选通知（濮人社函〔2024〕2号）要求，现将华龙区审核推荐工作情况报告如下：',
      '一、工作开展情况',
    ]);
    // headings the definition does not name keep the usual ones
    expect(lines).toContain('二、审核推荐过程');
  });
});
