/** A campaign definition in one paragraph, for whoever checks the file: what it will set up. */
import { counterOf } from '../campaign.ts';
import { officialDate } from '../text.ts';
import { unitDeadline } from './campaign.ts';
import type { CampaignDefinition, StepsDefinition } from './schema.ts';

const BACKGROUNDS = { blue: '蓝底', white: '白底', red: '红底' } as const;

function period(p: { days?: number; dayKind?: 'working' | 'calendar' }): string {
  return `${p.days ?? '?'} 个${p.dayKind === 'calendar' ? '自然日' : '工作日'}`;
}

/** The vote's pass rule in words: 同意票超过到会成员的 1/2，按得分排序. */
export function voteText(vote: StepsDefinition['vote']): string {
  const who = vote.of === 'present' ? '到会成员' : '全体成员';
  const how = vote.comparison === 'moreThan' ? '超过' : '达到';
  return `同意票${how}${who}的 ${vote.fraction}${vote.rankByScore ? '，按得分排序' : ''}`;
}

/** The steps in order, joined with arrows. */
function stepsText(d: CampaignDefinition): string {
  const s = d.steps;
  const review = [
    `${s.middleReview.by}审核`,
    ...(s.opinions.length ? [`征求${s.opinions.map((o) => o.department).join('、')}意见`] : []),
    ...(s.middleReview.report ? ['撰写审核推荐工作报告'] : []),
  ].join('，');
  return [
    ...(s.unitPublicity.enabled ? [`单位公示 ${period(s.unitPublicity)}`] : []),
    review,
    `${s.vote.body}表决（${voteText(s.vote)}）`,
    `公示 ${period(s.finalPublicity)}${s.finalPublicity.where ? `（${s.finalPublicity.where}）` : ''}`,
  ].join(' → ');
}

/** e.g. 《…评选》（濮人社函〔2024〕2号）：2 个类别：先进集体 36 个（表单 11 项）、…；10 个县（区）；… */
export function describeDefinition(d: CampaignDefinition): string {
  const categories = d.categories
    .map((c) => `${c.label} ${c.total} ${counterOf(c)}（表单 ${c.form.length} 项）`)
    .join('、');
  const shares = (d.shares ?? []).map((r) => `；比例：${r.text}`).join('');
  const p = d.photo;
  // the label usually names the background already (2寸蓝底彩色证件照)
  const background =
    p && !p.label.includes(BACKGROUNDS[p.background]) ? `，${BACKGROUNDS[p.background]}` : '';
  const photo = p
    ? `；照片：${p.label}，${p.mm.width}×${p.mm.height} 毫米（${p.pixels.width}×${p.pixels.height} 像素）${background}，${p.prints ? `纸质 ${p.prints} 张` : '只交电子版'}`
    : '';
  return (
    `《${d.title}》（${d.docNumber}）：${d.categories.length} 个类别：${categories}；` +
    `${d.regions.length} 个${d.regionTerm}${shares}；步骤：${stepsText(d)}${photo}；` +
    `截止：推荐单位 ${officialDate(unitDeadline(d))}，审核单位 ${officialDate(d.deadlines.middleToTop)}；` +
    `文书 ${d.documents.length} 种。`
  );
}
