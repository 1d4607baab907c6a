/**
 * A county's 审核推荐工作报告 (.docx) laid out as an official document (GB/T 9704-2012): title in
 * 方正小标宋简体 二号, the addressee, body in 仿宋_GB2312 三号 at 22 lines to the page with a two-
 * character indent, headings 一、… in 黑体, the signing organ and date at the foot (the date left
 * blank for the pen when not given), and page numbers "— 1 —".
 */
import type { Campaign } from '#shared/campaign';
import { campaignDocument } from '#shared/definition/documents';
import { dateText, documentSubject, paragraphsOf } from './format.ts';
import { a4Section, BLANK_DATE, FONTS, type ParagraphStyle, packDocx, para, SIZES, title } from './page.ts';
import type { CountyReport } from './types.ts';

/** 225 mm of text height / 22 lines. */
const LINE_PT = 28.95;
const body: ParagraphStyle = { font: FONTS.body, size: SIZES.sanhao, linePt: LINE_PT, align: 'justify' };

/** The report's headings, in order, each with the part of the county's report it holds. */
export const SECTIONS: [keyof CountyReport, string][] = [
  ['organisation', '一、组织开展情况'],
  ['process', '二、审核推荐过程'],
  ['opinions', '三、征求意见情况'],
  ['publicity', '四、公示情况'],
  ['recommendation', '五、推荐意见'],
];

export const ADDRESSEE = '市评选工作领导小组办公室：';

/** The title of a county's report: 华龙区关于<subject>先进集体和先进工作者审核推荐工作的报告. */
export function reportTitle(campaignTitle: string, regionName: string): string {
  return `${regionName}关于${documentSubject(campaignTitle)}先进集体和先进工作者审核推荐工作的报告`;
}

/**
 * A county's report. With the campaign's definition, the title and headings are its report
 * document's ({region} standing for the county) and the addressee its office; without, Puyang's.
 */
export async function reportDocx(
  campaign: Pick<Campaign, 'title'> & Partial<Pick<Campaign, 'docNumber' | 'definition'>>,
  report: CountyReport,
): Promise<Buffer> {
  const defined = campaign.definition && campaignDocument(campaign.definition, 'report');
  const heading = defined
    ? defined.title.replaceAll('{region}', report.regionName)
    : reportTitle(campaign.title, report.regionName);
  const addressee = campaign.definition ? `${campaign.definition.office}：` : ADDRESSEE;
  const sections = SECTIONS.map(([key, name], i): [keyof CountyReport, string] => [
    key,
    defined?.sections[i] ?? name,
  ]);
  const notice = campaign.docNumber ? `评选通知（${campaign.docNumber}）` : '评选通知';
  const children = [
    title(heading),
    para('', body),
    para(addressee, body),
    para(`根据${notice}要求，现将${report.regionName}审核推荐工作情况报告如下：`, {
      ...body,
      indentChars: 2,
    }),
    ...sections.flatMap(([key, name]) => [
      para(name, { ...body, font: FONTS.heading, indentChars: 2, keepNext: true }),
      ...paragraphsOf(report[key] as string).map((p) => para(p, { ...body, indentChars: 2 })),
    ]),
    para('', body),
    para('', body),
    para(report.signedBy || report.regionName, { ...body, align: 'right', rightMm: 22.6 }),
    para(dateText(report.date) || BLANK_DATE, { ...body, align: 'right', rightMm: 22.6 }),
  ];
  return packDocx([a4Section(children, { pageNumbers: true })], { title: heading });
}
