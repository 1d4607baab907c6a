/**
 * The vote ranked by score (按得分排序): a notice such as Qingfeng's has the review body score
 * each nominee (评审得分, 0–100) besides voting on it. Passing is still the vote's fraction rule
 * (voteRuleOf); the score orders the nominees wherever the voted ones are listed — the city
 * office's lists, the final publicity, the exported documents — through `inVoteOrder`.
 */
import type { NominationStatus } from './nomination.ts';

/** What the ranking reads of a campaign: its notice's vote step. */
export interface RankedBy {
  definition?: { steps: { vote: { rankByScore: boolean } } };
}

/** A nomination as the ordering reads it: its score on the stored vote, or beside a view. */
export interface Scored {
  score?: number;
  vote?: { score?: number };
}

/** Whether the campaign's notice ranks the voted nominees by score (its vote then asks for one). */
export function ranksByScore(c: RankedBy): boolean {
  return c.definition?.steps.vote.rankByScore ?? false;
}

/** A nomination's 评审得分, when its vote recorded one. */
export function scoreOf(n: Scored): number | undefined {
  return n.score ?? n.vote?.score;
}

/**
 * Whether a vote's score fits the campaign: required when its notice ranks by score, refused when
 * it does not (a score nobody orders by would only mislead). A 4xx code and message, or null.
 */
export function scoreProblem(
  c: RankedBy,
  score: number | undefined,
): { code: string; message: string } | null {
  if (ranksByScore(c) && score === undefined)
    return { code: 'score_required', message: '本次评选按得分排序，请填写评审得分（0–100 分）' };
  if (!ranksByScore(c) && score !== undefined)
    return { code: 'score_not_ranked', message: '本次评选不按得分排序，表决不登记评审得分' };
  return null;
}

/**
 * The nominations in the vote's order: by score, highest first, when the campaign ranks by score
 * (equal scores, and nominations not yet scored after them, keep the order they came in); as given
 * otherwise. A new array; `list` is not changed.
 */
export function inVoteOrder<T extends Scored>(c: RankedBy, list: readonly T[]): T[] {
  if (!ranksByScore(c)) return [...list];
  // Array.prototype.sort is stable: ties keep their order (-1: unscored, below any score)
  const key = (n: T) => scoreOf(n) ?? -1;
  return [...list].sort((a, b) => key(b) - key(a));
}

/** The states only a vote that passed leads to (a revoked nominee has lost its place). */
export const VOTED_THROUGH: readonly NominationStatus[] = ['passed', 'city_publicity', 'confirmed'];

/**
 * The place (第 N 名) of each nominee of `list` who passed the vote with a score, among those of
 * its category: one more than the number scored higher, so equal scores share a place. A nominee
 * who failed the vote keeps its score but has no place.
 */
export function voteRanks<T extends Scored & { id: string; category: string; status: NominationStatus }>(
  list: readonly T[],
): Map<string, number> {
  const through = list.filter((n) => VOTED_THROUGH.includes(n.status) && scoreOf(n) !== undefined);
  const ranks = new Map<string, number>();
  for (const n of through) {
    const s = scoreOf(n) as number;
    const above = through.filter((m) => m.category === n.category && (scoreOf(m) as number) > s);
    ranks.set(n.id, above.length + 1);
  }
  return ranks;
}
