/**
 * A selection campaign: what the city office sets up once and everyone reads.
 * Quotas live beside it as counters (see the repository); here are their rules.
 */
import * as z from 'zod/mini';
import type { CampaignDefinition, CategoryDefinition } from './definition/schema.ts';
import type { PassRule } from './workflow.ts';
import type { CampaignCalendar } from './working-days.ts';
import './zod.ts';

/** A category's id, from the campaign's definition (collective and worker in the Puyang notice). */
export type Category = string;
/** What a category id looks like (the definition's ids: worker, class-teacher). */
export const CATEGORY_ID = /^[a-z][a-z0-9-]{0,39}$/;
/**
 * Puyang only: the Puyang notice's categories and their names, for export-opinions.ts and the
 * photo sheet's heading when no definition names it. The documents read the campaign's
 * definition (its categories and documents), as everything else does (categoriesOf, categoryLabel).
 */
export const CATEGORIES = ['collective', 'worker'] as const;
export const CATEGORY_LABELS: Record<string, string> & Record<(typeof CATEGORIES)[number], string> = {
  collective: '先进集体',
  worker: '先进工作者',
};

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'));

export const regionSchema = z.object({
  id: z.string().check(z.regex(/^[a-z0-9-]{1,40}$/)),
  name: z.string().check(z.minLength(1), z.maxLength(40)),
  /** Category id → the region's quota. */
  quotas: z.record(z.string(), z.int().check(z.gte(0))),
});
export type Region = z.infer<typeof regionSchema>;

export const campaignSchema = z.object({
  id: z.string(),
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  /** 文号, e.g. 濮人社函〔2024〕2号 */
  docNumber: z.string(),
  issuers: z.array(z.string()),
  /** The year whose work is being judged (2023 for a notice issued in January 2024). */
  workYear: z.int(),
  /** Category id → the campaign's total. */
  totals: z.record(z.string(), z.int().check(z.gte(0))),
  regions: z.array(regionSchema),
  deadlines: z.object({
    /** When units must have submitted to their county (a county may set an earlier one). */
    unitToCounty: isoDate,
    /** When counties must have submitted to the city: 18 January in the seed notice. */
    countyToCity: isoDate,
  }),
  /** The years whose annual assessments a person must list (five in the Puyang notice). */
  assessmentYears: z.array(z.int()),
  limits: z.object({ deedsMax: z.int(), summaryMax: z.int() }),
  contact: z.object({ name: z.string(), phone: z.string(), email: z.string(), address: z.string() }),
  /** The date the campaign's notice was issued: no step of the process may be dated before it. */
  noticeDate: z.optional(isoDate),
  /** The campaign's accounts expire with it (ISO timestamp). */
  endsAt: z.string(),
});
/** What the city office adds to a campaign as it runs (kept off the schema so the phone bundle stays small). */
export interface CampaignSettings {
  /** The vote's pass rule; default: more than half of the members present vote for. */
  passRule?: PassRule;
  /** Extra holidays and make-up days, per year, for years the built-in calendar lacks. */
  calendar?: CampaignCalendar;
  /**
   * The deployment-wide calendar read from the State Council notices: not stored with the
   * campaign, attached when it is read (functions/lib/holiday-calendar.ts); count working days
   * with `workingCalendar(campaign)`, which merges both.
   */
  holidayCalendar?: CampaignCalendar;
  /** Deadlines moved by the city office. */
  extensions?: { unitToCounty?: string; countyToCity?: string };
  /** The review meeting (评审会). */
  meeting?: { date: string; members: number; present: number; attendees: string[] };
  /**
   * The city publicity, in rounds: each round publishes the nominees who had passed the vote and
   * were not yet published when it started, for 5 working days of its own.
   */
  cityPublicityRounds?: CityPublicityRound[];
  /** Where objections can be sent besides the online form. */
  objectionChannels?: { phone?: string; letter?: string; email?: string; visit?: string };
}

/** One round of the city publicity. */
export interface CityPublicityRound {
  /** 1, 2, … in the order started. */
  round: number;
  startsOn: string;
  /** The last day: 5 working days after `startsOn` (the campaign's calendar). */
  endsOn: string;
  /** How many nominees it published. */
  count: number;
  startedAt: string;
}

/**
 * The notice the campaign runs, as its definition file says (shared/definition): its categories
 * and their forms above all. Checked when the file is read, so not on the schema (which the phone
 * bundle carries).
 */
export interface CampaignDefinitionPart {
  definition: CampaignDefinition;
}

export type Campaign = z.infer<typeof campaignSchema> & CampaignSettings & CampaignDefinitionPart;

/** The campaign's categories, in the definition's order. */
export const categoriesOf = (c: Pick<Campaign, 'definition'>): readonly CategoryDefinition[] =>
  c.definition.categories;

/** The ids of the campaign's categories, in the definition's order. */
export const categoryIds = (c: Pick<Campaign, 'definition'>): string[] =>
  c.definition.categories.map((x) => x.id);

/** A category's name (先进工作者), or its id when the campaign has no such category. */
export const categoryLabel = (c: Pick<Campaign, 'definition'>, id: string): string =>
  c.definition.categories.find((x) => x.id === id)?.label ?? id;

/** How the notice counts a category's places: its `counter`, else 名 for people and 个 for collectives. */
export const counterOf = (c: Pick<CategoryDefinition, 'counter' | 'kind'>): string =>
  c.counter ?? (c.kind === 'person' ? '名' : '个');

/** What lists need of a category: its id, name, kind and the field that names a nominee. */
export type CategoryBrief = Pick<CategoryDefinition, 'id' | 'kind' | 'label' | 'nameField'>;

/** The categories as lists need them (what the dashboard sends instead of the whole definition). */
export const categoryBriefs = (c: Pick<Campaign, 'definition'>): CategoryBrief[] =>
  c.definition.categories.map(({ id, kind, label, nameField }) => ({ id, kind, label, nameField }));

/** A category's name from the briefs, or its id when there is no such category. */
export const labelIn = (categories: readonly CategoryBrief[], id: string): string =>
  categories.find((x) => x.id === id)?.label ?? id;

/**
 * How a nominee is named in lists: its category's name field (姓名, 单位名称); a collective
 * without one is named by its unit. '' when nothing is filled in.
 */
export function nomineeNameIn(
  categories: readonly CategoryBrief[],
  n: { category: string; form?: Record<string, unknown> | undefined; unitName?: string | undefined },
): string {
  const cat = categories.find((x) => x.id === n.category);
  const value = cat ? n.form?.[cat.nameField] : undefined;
  if (typeof value === 'string' && value.trim()) return value.trim();
  return cat?.kind === 'collective' ? (n.unitName ?? '') : '';
}

/** What a list shows for a nominee not yet named. */
export const unnamedNominee = (categories: readonly CategoryBrief[], category: string): string =>
  categories.find((x) => x.id === category)?.kind === 'collective' ? '（未填写单位名称）' : '（未填写姓名）';

/** The definition's photo rule asks a photo of the category's nominees. */
export const photoRequired = (c: Pick<Campaign, 'definition'>, category: string): boolean =>
  c.definition.photo?.categories.includes(category) ?? false;

/**
 * Quota uses in the campaign's order: its regions', then its categories' (the table sorts its keys
 * alphabetically, which would put 优秀班主任 before 优秀教师).
 */
export function quotasInOrder<Q extends { regionId: string; category: string }>(
  c: Pick<Campaign, 'definition'>,
  quotas: readonly Q[],
): Q[] {
  const region = new Map(c.definition.regions.map((r, i) => [r.id, i]));
  const category = new Map(c.definition.categories.map((x, i) => [x.id, i]));
  const at = (m: Map<string, number>, k: string) => m.get(k) ?? Number.MAX_SAFE_INTEGER;
  return [...quotas].sort(
    (a, b) =>
      at(region, a.regionId) - at(region, b.regionId) || at(category, a.category) - at(category, b.category),
  );
}

/** A region's allocation and use for one category. */
export interface QuotaUse {
  regionId: string;
  category: Category;
  quota: number;
  used: number;
}

/** The first disagreement between the regions' quotas and the campaign totals, or null. */
export function quotaTotalsProblem(c: Pick<Campaign, 'totals' | 'regions' | 'definition'>): string | null {
  for (const { id, label } of categoriesOf(c)) {
    const sum = c.regions.reduce((n, r) => n + (r.quotas[id] ?? 0), 0);
    const total = c.totals[id] ?? 0;
    if (sum !== total) return `${label}名额合计 ${sum} 与总名额 ${total} 不一致`;
  }
  return null;
}
