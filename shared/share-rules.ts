/**
 * Share rules (比例规则) of a notice: "农村学校教师不少于优秀教师名额的60%". A rule on category C with
 * tag T and p % keeps at least ceil(p % × Q) of C's places (Q: C's total, the sum of the regions'
 * quotas) for the regions tagged T, so the regions without the tag may together take at most
 * Q − ceil(p % × Q) of them. The API counts the places those regions hold in one counter per rule,
 * taken in the same transaction as the region's own quota (functions/lib/workflow-steps.ts).
 */
import { type Campaign, type Category, counterOf } from './campaign.ts';
import type { CampaignDefinition, ShareRule } from './definition/schema.ts';

export type { ShareRule } from './definition/schema.ts';

/**
 * The places of `total` the tagged regions must keep: ceil(p % × total). The product is rounded
 * to 4 decimals first, so a percent written in decimals is not pushed over a whole number by
 * binary fractions (250 × 64.4 % is 161, not 162).
 */
export function placesForTagged(total: number, atLeastPercent: number): number {
  return Math.ceil(Math.round(total * atLeastPercent * 10_000) / 1_000_000);
}

/** The places of `total` the regions without the tag may take together. */
export const placesForOthers = (total: number, atLeastPercent: number): number =>
  total - placesForTagged(total, atLeastPercent);

/** A rule with its limit on the regions without its tag (what its counter is created with). */
export interface ShareLimit {
  rule: ShareRule;
  /** The category's total (Q). */
  total: number;
  /** Places the regions without the tag may hold together: Q − ceil(p % × Q). */
  limit: number;
}

/** The campaign's share rules with their limits, in the definition's order. */
export function shareLimits(c: Pick<Campaign, 'definition' | 'totals'>): ShareLimit[] {
  return (c.definition.shares ?? []).map((rule) => {
    const total = c.totals[rule.category] ?? 0;
    return { rule, total, limit: placesForOthers(total, rule.atLeastPercent) };
  });
}

/** Whether the definition gives `regionId` the tag (a region it does not list has none). */
export const regionTagged = (
  d: Pick<CampaignDefinition, 'regions'>,
  regionId: string,
  tag: string,
): boolean => d.regions.find((r) => r.id === regionId)?.tags?.includes(tag) ?? false;

/**
 * The rules a place of `category` held in `regionId` counts against: the category's rules whose
 * tag the region lacks. Empty for a campaign without rules, and for a tagged region.
 */
export function sharesCounting(
  c: Pick<Campaign, 'definition' | 'totals'>,
  regionId: string,
  category: Category,
): ShareLimit[] {
  return shareLimits(c).filter(
    (s) => s.rule.category === category && !regionTagged(c.definition, regionId, s.rule.tag),
  );
}

/**
 * The rules a region's reviewer is shown: those its places count against, in any category (all
 * of them for the city office and the auditors, who pass no region).
 */
export function sharesShownTo(c: Pick<Campaign, 'definition' | 'totals'>, regionId?: string): ShareLimit[] {
  if (regionId === undefined) return shareLimits(c);
  return shareLimits(c).filter((s) => !regionTagged(c.definition, regionId, s.rule.tag));
}

/** How the regions without the tag are called: 非农村学校 (the term without its bracket: 学校（学区）). */
export const othersName = (tag: string, regionTerm: string): string =>
  `非${tag}${regionTerm.replace(/（[^）]*）|\([^)]*\)/g, '')}`;

/** The refusal when the regions without the tag hold all they may: it quotes the notice's rule (`counter`: 名, 个). */
export function shareExceededMessage(s: ShareLimit, regionTerm: string, counter: string): string {
  return `已达比例上限：${s.rule.text}，${othersName(s.rule.tag, regionTerm)}最多推荐 ${s.limit} ${counter}`;
}

/** One rule's use as the API answers it: the places the regions without the tag hold, of the limit. */
export interface ShareUse {
  category: Category;
  tag: string;
  /** The rule as the notice words it. */
  text: string;
  /** 非农村学校: who the counter counts. */
  others: string;
  used: number;
  limit: number;
}

/** What a reviewer reads before recommending: 非农村学校已推荐 3 / 最多 16. */
export const shareUseLine = (u: Pick<ShareUse, 'others' | 'used' | 'limit'>): string =>
  `${u.others}已推荐 ${u.used} / 最多 ${u.limit}`;

/** One problem of a definition's share rule: the rule's index, the key at fault, the message. */
export interface ShareProblem {
  index: number;
  key: 'category' | 'tag' | 'atLeastPercent';
  message: string;
}

/**
 * The share rules a definition cannot keep: a category or tag nothing has, a rule repeating an
 * earlier one's category and tag (they would share a counter), and a share the tagged regions'
 * quotas cannot reach (the campaign could then never fill its total).
 */
export function shareProblems(
  d: Pick<CampaignDefinition, 'shares' | 'categories' | 'regions' | 'regionTerm'>,
): ShareProblem[] {
  const out: ShareProblem[] = [];
  const seen = new Set<string>();
  (d.shares ?? []).forEach((s, index) => {
    const cat = d.categories.find((c) => c.id === s.category);
    if (!cat) {
      out.push({ index, key: 'category', message: `没有类别“${s.category}”` });
      return;
    }
    const pair = JSON.stringify([s.category, s.tag]);
    if (seen.has(pair)) {
      out.push({ index, key: 'tag', message: `${cat.label}已有按标签“${s.tag}”的比例规则，不能重复` });
      return;
    }
    seen.add(pair);
    const tagged = d.regions.filter((r) => r.tags?.includes(s.tag));
    if (tagged.length === 0) {
      out.push({ index, key: 'tag', message: `没有${d.regionTerm}带标签“${s.tag}”` });
      return;
    }
    const needed = placesForTagged(cat.total, s.atLeastPercent);
    const available = tagged.reduce((n, r) => n + (r.quotas[cat.id] ?? 0), 0);
    if (available < needed) {
      out.push({
        index,
        key: 'atLeastPercent',
        message: `带标签“${s.tag}”的${d.regionTerm}名额合计 ${available}，达不到${cat.label} ${cat.total} ${counterOf(cat)}的 ${s.atLeastPercent}%（${needed}）`,
      });
    }
  });
  return out;
}
