/**
 * From a campaign definition to today's `Campaign` (shared/campaign.ts). Today's system runs one
 * shape of notice: a collective and a worker category with the Puyang forms, three department
 * opinions, 5-working-day publicities. `runnableProblems` says what in a definition goes beyond
 * that; `campaignFromDefinition` refuses such a definition rather than run it wrongly.
 */
import { CATEGORIES, type Campaign, type Category } from '../campaign.ts';
import { addDays } from '../dates.ts';
import { ASSESSMENT_RESULTS, draftFormSchema, PASSING_RESULTS } from '../forms.ts';
import { DEFAULT_PASS_RULE, OPINION_DEPARTMENTS, type PassRule } from '../workflow.ts';
import type { CampaignDefinition, CategoryDefinition, FormField, StepsDefinition } from './schema.ts';

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

const KINDS: Record<Category, CategoryDefinition['kind']> = { collective: 'collective', worker: 'person' };

function field(cat: CategoryDefinition | undefined, key: string): FormField | undefined {
  return cat?.form.find((f) => f.key === key);
}

function maxChars(cat: CategoryDefinition | undefined, key: string): number | undefined {
  const f = field(cat, key);
  return f && (f.kind === 'text' || f.kind === 'longText') ? f.maxChars : undefined;
}

/** The worker form's assessments field, when it is the one the code checks (today's results and bar). */
function assessmentYears(worker: CategoryDefinition | undefined): number | undefined {
  const f = field(worker, 'assessments');
  if (f?.kind !== 'assessments') return undefined;
  const sameResults = f.results.join('|') === ASSESSMENT_RESULTS.join('|');
  const passing = f.results.slice(0, f.results.indexOf(f.rule.everyAtLeast) + 1);
  const sameBar = passing.join('|') === PASSING_RESULTS.join('|') && f.rule.atLeastOnce === undefined;
  return sameResults && sameBar ? f.years : undefined;
}

function categoryProblems(d: CampaignDefinition): string[] {
  const out: string[] = [];
  if (d.categories.length !== CATEGORIES.length)
    out.push('类别应恰为 collective（集体）与 worker（个人）两个');
  for (const id of CATEGORIES) {
    const cat = d.categories.find((c) => c.id === id);
    if (!cat || cat.kind !== KINDS[id]) {
      out.push(`缺少 kind 为 ${KINDS[id]} 的类别 ${id}`);
      continue;
    }
    const rules = { limits: { deedsMax: 1, summaryMax: 1 }, assessmentYears: [] };
    const expected = Object.keys(draftFormSchema(id, rules).def.shape);
    const keys = cat.form.map((f) => f.key);
    if ([...keys].sort().join() !== [...expected].sort().join()) {
      out.push(`类别 ${id} 的表单字段应为 ${expected.join('、')}`);
    }
  }
  const worker = d.categories.find((c) => c.id === 'worker');
  if (assessmentYears(worker) !== 5) out.push('先进工作者的考核结果应为近 5 年、每年称职(合格)及以上');
  for (const key of ['deeds', 'summary']) {
    const limits = d.categories.map((c) => maxChars(c, key));
    if (new Set(limits).size !== 1) out.push(`各类别的 ${key} 字数上限应相同`);
  }
  return out;
}

function stepProblems(d: CampaignDefinition): string[] {
  const out: string[] = [];
  const { unitPublicity, opinions, middleReview, vote } = d.steps;
  // any length in working or calendar days runs (shared/publicity-length.ts); skipping it does not yet
  if (!unitPublicity.enabled || !unitPublicity.days || !unitPublicity.dayKind)
    out.push('须有单位公示，并写明天数和天数类型');
  if (opinions.map((o) => o.id).join() !== OPINION_DEPARTMENTS.join()) {
    out.push(`部门意见应为 ${OPINION_DEPARTMENTS.join('、')}`);
  }
  if (!middleReview.report) out.push('审核单位应撰写审核推荐工作报告');
  if (!passRuleOf(vote) || vote.rankByScore) out.push('表决规则应为现有三种之一，且不按得分排序');
  // any size, colour and number of prints runs (shared/photo-rules.ts); photos of other categories do not yet
  if (d.photo?.categories.join() !== 'worker') out.push('照片应只由先进工作者（worker）提交');
  return out;
}

/**
 * What in `d` today's system cannot run (empty when it can): it runs a collective and a worker
 * category with today's forms, five assessment years, the three opinions, 5-working-day
 * publicities, a named pass rule and a photo from workers (of any size and colour). Later work
 * lifts these one by one.
 */
export function runnableProblems(d: CampaignDefinition): string[] {
  return [...categoryProblems(d), ...stepProblems(d)];
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
  const byId = (c: Category) => d.categories.find((x) => x.id === c) as CategoryDefinition;
  const years = assessmentYears(byId('worker')) ?? 5;
  const passRule = passRuleOf(d.steps.vote);
  return {
    id,
    title: d.title,
    docNumber: d.docNumber,
    issuers: [...d.issuers],
    workYear: d.workYear,
    totals: { collective: byId('collective').total, worker: byId('worker').total },
    regions: d.regions.map((r) => ({
      id: r.id,
      name: r.name,
      quotas: { collective: r.quotas.collective ?? 0, worker: r.quotas.worker ?? 0 },
    })),
    deadlines: { unitToCounty: unitDeadline(d), countyToCity: d.deadlines.middleToTop },
    ...(d.issuedOn ? { noticeDate: d.issuedOn } : {}),
    assessmentYears: Array.from({ length: years }, (_, i) => d.workYear - years + 1 + i),
    limits: {
      deedsMax: maxChars(byId('worker'), 'deeds') ?? 0,
      summaryMax: maxChars(byId('worker'), 'summary') ?? 0,
    },
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
    ...overrides,
  };
}
