import { describe, expect, it } from 'vitest';
import type { NominationStatus } from '#shared/nomination';
import { inVoteOrder, ranksByScore, scoreProblem, voteRanks } from '#shared/vote-score';
import { votePasses, voteRuleOf } from '#shared/workflow';
import { voteBody } from '#shared/workflow-bodies';

const vote = (rankByScore: boolean) => ({
  body: '县教体局评审委员会',
  fraction: '2/3',
  comparison: 'atLeast' as const,
  of: 'present' as const,
  rankByScore,
});
const ranked = { definition: { steps: { vote: vote(true) } } };
const unranked = { definition: { steps: { vote: vote(false) } } };

describe('a vote ranked by score (按得分排序)', () => {
  it('is the notice’s: a campaign without a definition does not rank', () => {
    expect(ranksByScore(ranked)).toBe(true);
    expect(ranksByScore(unranked)).toBe(false);
    expect(ranksByScore({})).toBe(false);
  });

  it('asks a score of a ranked campaign’s vote and refuses one where nothing is ranked', () => {
    expect(scoreProblem(ranked, undefined)).toMatchObject({ code: 'score_required' });
    expect(scoreProblem(ranked, undefined)?.message).toContain('评审得分');
    expect(scoreProblem(ranked, 0)).toBeNull();
    expect(scoreProblem(unranked, 90)).toMatchObject({ code: 'score_not_ranked' });
    expect(scoreProblem(unranked, undefined)).toBeNull();
  });

  it('takes a score of 0–100 with at most one decimal', () => {
    const body = (score: unknown) => voteBody.safeParse({ for: 5, against: 1, abstain: 1, score });
    for (const good of [0, 87.5, 99.9, 100, 0.1]) expect(body(good).success, String(good)).toBe(true);
    for (const [bad, message] of [
      [-1, '评审得分应在 0 到 100 分之间'],
      [100.5, '评审得分应在 0 到 100 分之间'],
      [87.25, '评审得分最多保留一位小数'],
      ['90', '评审得分应为数字'],
    ] as const) {
      const r = body(bad);
      expect(r.success, String(bad)).toBe(false);
      expect(r.error?.issues[0]?.message).toBe(message);
      expect(r.error?.issues[0]?.path).toEqual(['score']);
    }
    expect(voteBody.safeParse({ for: 5, against: 1, abstain: 1 }).success).toBe(true);
  });

  it('leaves passing to the fraction: two thirds of 7 present is 5, whatever the score', () => {
    const rule = voteRuleOf(ranked);
    expect(votePasses({ for: 5, against: 2, abstain: 0, present: 7, members: 9, score: 60 }, rule)).toEqual({
      ok: true,
      passes: true,
      needed: 5,
    });
    expect(
      votePasses({ for: 4, against: 2, abstain: 1, present: 7, members: 9, score: 99 }, rule),
    ).toMatchObject({
      passes: false,
    });
  });

  type Row = {
    id: string;
    category: string;
    status: NominationStatus;
    score?: number;
    vote?: { score: number };
  };
  const list: Row[] = [
    { id: 'a', category: 'teacher', status: 'passed', vote: { score: 80 } },
    { id: 'b', category: 'teacher', status: 'city_review' },
    { id: 'c', category: 'class-teacher', status: 'confirmed', vote: { score: 92.5 } },
    { id: 'd', category: 'teacher', status: 'city_publicity', vote: { score: 88 } },
    { id: 'e', category: 'teacher', status: 'passed', score: 80 },
    { id: 'f', category: 'teacher', status: 'not_selected', vote: { score: 99 } },
  ];

  it('orders by score, highest first, ties and the unscored keeping their order', () => {
    expect(inVoteOrder(ranked, list).map((n) => n.id)).toEqual(['f', 'c', 'd', 'a', 'e', 'b']);
    expect(list.map((n) => n.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('leaves the order alone when the campaign does not rank by score', () => {
    expect(inVoteOrder(unranked, list).map((n) => n.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(inVoteOrder({}, list)).not.toBe(list);
  });

  it('places those who passed within their category, equal scores sharing a place', () => {
    // f scored highest but failed the vote: no place, and it pushes nobody down
    expect(Object.fromEntries(voteRanks(list))).toEqual({ a: 2, c: 1, d: 1, e: 2 });
  });
});
