/**
 * From a campaign definition to today's `Campaign` (shared/campaign.ts), which carries the
 * definition: its categories and their forms, the publicity lengths, the department opinions, the
 * vote's rule and its ranking by score, the county report and the photo are data.
 * `runnableProblems` says what in a definition goes beyond that; `campaignFromDefinition` refuses
 * such a definition rather than run it wrongly.
 */
import type { Campaign } from '../campaign.ts';
import { addDays } from '../dates.ts';
import type { CampaignDefinition } from './schema.ts';

/** The units' deadline: the definition's, or a week before the middle level's. */
export function unitDeadline(d: Pick<CampaignDefinition, 'deadlines'>): string {
  return d.deadlines.unitToMiddle ?? addDays(d.deadlines.middleToTop, -7);
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
  const { unitPublicity, opinions } = d.steps;
  // any length in working or calendar days runs (shared/publicity-length.ts); skipping it does not yet
  if (!unitPublicity.enabled || !unitPublicity.days || !unitPublicity.dayKind) {
    out.push('须有单位公示，并写明天数和天数类型');
  }
  // any list of department opinions runs (shared/opinions.ts), but not none: the county's review is built on them
  if (opinions.length === 0) out.push('至少须有一项部门意见');
  // the county report may be left out (countyReportRequired); any fraction of the members present
  // or of all members runs (voteRuleOf), ranked by score or not (shared/vote-score.ts)
  // any photo, of any categories, runs: its size, colour and prints (photoRulesOf), whom it is asked of (photoRequired)
  return out;
}

/**
 * What in `d` today's system cannot run (empty when it can): it runs any person and collective
 * categories with their own forms, publicities of any length, any list of department opinions,
 * any vote fraction, ranked by score or not, with or without a county report, and any photo; not
 * yet a definition without a unit publicity or without any department opinion.
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
    // the vote's rule, the publicity lengths and the county report are read from it
    definition: d,
    ...overrides,
  };
}
