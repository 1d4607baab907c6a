/**
 * From a campaign definition to today's `Campaign` (shared/campaign.ts), which carries the
 * definition: its categories and their forms are data. The steps are not yet: three department
 * opinions, 5-working-day publicities. `runnableProblems` says what in a definition goes beyond
 * that; `campaignFromDefinition` refuses such a definition rather than run it wrongly.
 */
import type { Campaign } from '../campaign.ts';
import { addDays } from '../dates.ts';
import { DEFAULT_PASS_RULE, OPINION_DEPARTMENTS, type PassRule } from '../workflow.ts';
import type { CampaignDefinition, StepsDefinition } from './schema.ts';

/** The units' deadline: the definition's, or a week before the middle level's. */
export function unitDeadline(d: Pick<CampaignDefinition, 'deadlines'>): string {
  return d.deadlines.unitToMiddle ?? addDays(d.deadlines.middleToTop, -7);
}

/** The vote's rule as today's workflow names it, or undefined when it has no name for it. */
export function passRuleOf(vote: StepsDefinition['vote']): PassRule | undefined {
  const key = `${vote.comparison} ${vote.fraction} ${vote.of}`;
  const rules: Record<string, PassRule> = {
    'moreThan 1/2 present': 'more_than_half_present',
    'atLeast 2/3 present': 'two_thirds_present',
    'moreThan 1/2 members': 'more_than_half_members',
  };
  return rules[key];
}

function maxChars(d: CampaignDefinition, key: string): number {
  const limits = d.categories.flatMap((c) =>
    c.form.flatMap((f) =>
      f.key === key && (f.kind === 'text' || f.kind === 'longText') ? [f.maxChars] : [],
    ),
  );
  return limits.length ? Math.max(...limits) : 0;
}

/** The years of assessments of the first form that asks for them (the documents list these). */
function assessmentCount(d: CampaignDefinition): number {
  for (const c of d.categories) {
    const f = c.form.find((x) => x.kind === 'assessments');
    if (f?.kind === 'assessments') return f.years;
  }
  return 0;
}

function stepProblems(d: CampaignDefinition): string[] {
  const out: string[] = [];
  const fiveWorkingDays = (p: { days?: number; dayKind?: string }) => p.days === 5 && p.dayKind === 'working';
  const { unitPublicity, opinions, middleReview, vote, finalPublicity } = d.steps;
  if (!unitPublicity.enabled || !fiveWorkingDays(unitPublicity)) out.push('单位公示应为 5 个工作日');
  if (!fiveWorkingDays(finalPublicity)) out.push('评选公示应为 5 个工作日');
  if (opinions.map((o) => o.id).join() !== OPINION_DEPARTMENTS.join()) {
    out.push(`部门意见应为 ${OPINION_DEPARTMENTS.join('、')}`);
  }
  if (!middleReview.report) out.push('审核单位应撰写审核推荐工作报告');
  if (!passRuleOf(vote) || vote.rankByScore) out.push('表决规则应为现有三种之一，且不按得分排序');
  const p = d.photo;
  const people = d.categories.filter((c) => c.kind === 'person').map((c) => c.id);
  const twoInchBlue =
    p?.background === 'blue' &&
    p.mm.width === 35 &&
    p.mm.height === 49 &&
    p.categories.join() === people.join();
  if (!twoInchBlue) out.push('照片应为各个人类别的 2 寸蓝底证件照（35×49 毫米）');
  return out;
}

/**
 * What in `d` today's system cannot run (empty when it can): it runs any person and collective
 * categories with their own forms, but only the three opinions, 5-working-day publicities, a
 * named pass rule and the 2-inch blue photo for every person category. Later work lifts these
 * one by one.
 */
export function runnableProblems(d: CampaignDefinition): string[] {
  return stepProblems(d);
}

/** A definition today's system cannot run, with every reason. */
export class DefinitionNotRunnableError extends Error {
  constructor(readonly problems: string[]) {
    super(`当前系统尚不能按此定义运行：${problems.join('；')}`);
    this.name = 'DefinitionNotRunnableError';
  }
}

/**
 * Today's Campaign from a definition (see `runnableProblems` for which ones), with `overrides`
 * for what a notice does not decide or a demo moves: the campaign's end (default: half a year
 * after the last deadline), or its dates. Throws DefinitionNotRunnableError for a definition the
 * system cannot run yet.
 */
export function campaignFromDefinition(
  d: CampaignDefinition,
  id: string,
  overrides: Partial<Campaign> = {},
): Campaign {
  const problems = runnableProblems(d);
  if (problems.length) throw new DefinitionNotRunnableError(problems);
  const years = assessmentCount(d);
  const passRule = passRuleOf(d.steps.vote);
  return {
    id,
    title: d.title,
    docNumber: d.docNumber,
    issuers: [...d.issuers],
    workYear: d.workYear,
    totals: Object.fromEntries(d.categories.map((c) => [c.id, c.total])),
    regions: d.regions.map((r) => ({
      id: r.id,
      name: r.name,
      quotas: Object.fromEntries(d.categories.map((c) => [c.id, r.quotas[c.id] ?? 0])),
    })),
    deadlines: { unitToCounty: unitDeadline(d), countyToCity: d.deadlines.middleToTop },
    ...(d.issuedOn ? { noticeDate: d.issuedOn } : {}),
    assessmentYears: Array.from({ length: years }, (_, i) => d.workYear - years + 1 + i),
    limits: { deedsMax: maxChars(d, 'deeds'), summaryMax: maxChars(d, 'summary') },
    contact: {
      name: d.contact.name,
      phone: d.contact.phone,
      email: d.contact.email ?? '',
      address: d.contact.address ?? '',
    },
    // midnight in China (UTC+8) at the end of the day half a year after the last deadline
    endsAt: `${addDays(d.deadlines.middleToTop, 183)}T16:00:00.000Z`,
    // the default rule is left out, as campaigns set up before definitions have it
    ...(passRule && passRule !== DEFAULT_PASS_RULE ? { passRule } : {}),
    definition: d,
    ...overrides,
  };
}
