import { describe, expect, it } from 'vitest';
import type { CampaignDefinition } from '#shared/definition/schema';
import {
  othersName,
  placesForOthers,
  placesForTagged,
  shareExceededMessage,
  shareLimits,
  shareProblems,
  sharesCounting,
  sharesShownTo,
  shareUseLine,
} from '#shared/share-rules';
import { definitionFile } from '../support/definitions.ts';

const QINGFENG = definitionFile('qingfeng-2026-teachers.yaml');
/** The Qingfeng campaign's totals and definition: what the rules read of a campaign. */
const qingfeng = (d: CampaignDefinition = QINGFENG) => ({
  definition: d,
  totals: Object.fromEntries(d.categories.map((c) => [c.id, c.total])),
});

describe('the places a share keeps for the tagged regions', () => {
  it('rounds p % of the total up: 60 % of 40 is 24, so the others may take 16', () => {
    expect(placesForTagged(40, 60)).toBe(24);
    expect(placesForOthers(40, 60)).toBe(16);
    // 60 % of 41 is 24.6: the tagged regions keep 25
    expect(placesForTagged(41, 60)).toBe(25);
    expect(placesForOthers(41, 60)).toBe(16);
    // any share of a place keeps the whole place
    expect(placesForTagged(7, 1)).toBe(1);
    expect(placesForTagged(7, 14.3)).toBe(2);
  });

  it('is not pushed over a whole number by binary fractions', () => {
    // 250 × 64.4 is 16100.000000000002 in floating point: naively 162, exactly 161
    expect(Math.ceil((250 * 64.4) / 100)).toBe(162);
    expect(placesForTagged(250, 64.4)).toBe(161);
    expect(placesForOthers(250, 64.4)).toBe(89);
  });

  it('at 100 % leaves the others nothing; a total of 0 keeps nothing', () => {
    expect(placesForTagged(40, 100)).toBe(40);
    expect(placesForOthers(40, 100)).toBe(0);
    expect(placesForTagged(0, 60)).toBe(0);
    expect(placesForOthers(0, 60)).toBe(0);
  });
});

describe("a campaign's share rules", () => {
  it('Qingfeng: non-rural schools may hold at most 16 of the 40 teachers', () => {
    expect(shareLimits(qingfeng()).map((s) => [s.rule.category, s.rule.tag, s.total, s.limit])).toEqual([
      ['teacher', '农村', 40, 16],
    ]);
  });

  it('count a place of an untagged region against its category’s rules only', () => {
    const c = qingfeng();
    expect(sharesCounting(c, 'chengguan', 'teacher').map((s) => s.rule.text)).toEqual([
      '农村学校教师不少于优秀教师名额的60%',
    ]);
    expect(sharesCounting(c, 'chengguan', 'class-teacher')).toEqual([]);
    // a rural school's place counts against nothing
    expect(sharesCounting(c, 'mazhuangqiao', 'teacher')).toEqual([]);
    // a region the definition does not list has no tags
    expect(sharesCounting(c, 'elsewhere', 'teacher')).toHaveLength(1);
  });

  it('with several rules, count a place against each rule whose tag its region lacks', () => {
    const d: CampaignDefinition = {
      ...QINGFENG,
      regions: QINGFENG.regions.map((r) =>
        r.id === 'yigao' || r.id === 'mazhuangqiao' ? { ...r, tags: [...(r.tags ?? []), '示范'] } : r,
      ),
      shares: [
        ...(QINGFENG.shares ?? []),
        { text: '示范学校教师不少于5%', category: 'teacher', tag: '示范', atLeastPercent: 5 },
        { text: '农村学校班主任不少于50%', category: 'class-teacher', tag: '农村', atLeastPercent: 50 },
      ],
    };
    const c = qingfeng(d);
    expect(shareLimits(c).map((s) => s.limit)).toEqual([16, 38, 10]);
    // 城关镇中心校: neither rural nor 示范
    expect(sharesCounting(c, 'chengguan', 'teacher').map((s) => s.rule.tag)).toEqual(['农村', '示范']);
    // 一高: 示范 but not rural; 马庄桥: both
    expect(sharesCounting(c, 'yigao', 'teacher').map((s) => s.rule.tag)).toEqual(['农村']);
    expect(sharesCounting(c, 'mazhuangqiao', 'teacher')).toEqual([]);
    expect(sharesCounting(c, 'chengguan', 'class-teacher').map((s) => s.limit)).toEqual([10]);
    // the city sees every rule; a county the rules its places count against
    expect(sharesShownTo(c)).toHaveLength(3);
    expect(sharesShownTo(c, 'yigao').map((s) => s.rule.text)).toEqual([
      '农村学校教师不少于优秀教师名额的60%',
      '农村学校班主任不少于50%',
    ]);
    expect(sharesShownTo(c, 'mazhuangqiao')).toEqual([]);
  });

  it('are none for a campaign whose notice has none (Puyang)', () => {
    const puyang = definitionFile('puyang-2024.yaml');
    const c = qingfeng(puyang);
    expect(shareLimits(c)).toEqual([]);
    expect(sharesCounting(c, 'hualong', 'worker')).toEqual([]);
    expect(sharesShownTo(c)).toEqual([]);
  });

  it('are worded as the reviewers read them', () => {
    const [s] = shareLimits(qingfeng());
    if (!s) throw new Error('Qingfeng has a rule');
    expect(othersName('农村', '学校（学区）')).toBe('非农村学校');
    expect(othersName('农村', '县（区）')).toBe('非农村县');
    expect(shareExceededMessage(s, QINGFENG.regionTerm, '名')).toBe(
      '已达比例上限：农村学校教师不少于优秀教师名额的60%，非农村学校最多推荐 16 名',
    );
    expect(shareExceededMessage(s, '县（区）', '个')).toMatch(/非农村县最多推荐 16 个$/);
    expect(shareUseLine({ others: '非农村学校', used: 3, limit: 16 })).toBe('非农村学校已推荐 3 / 最多 16');
  });
});

describe('the checks of share rules', () => {
  const rule = {
    text: '农村学校教师不少于优秀教师名额的60%',
    category: 'teacher',
    tag: '农村',
    atLeastPercent: 60,
  };
  const check = (shares: CampaignDefinition['shares'], d = QINGFENG) => shareProblems({ ...d, shares });

  it('pass Qingfeng: 26 rural places reach 24', () => {
    expect(check([rule])).toEqual([]);
  });

  it('refuse a share the tagged regions cannot reach, naming the places', () => {
    // 65 % of 40 is 26: just reachable; 66 % needs 27
    expect(check([{ ...rule, atLeastPercent: 65 }])).toEqual([]);
    expect(check([{ ...rule, atLeastPercent: 66 }])).toEqual([
      {
        index: 0,
        key: 'atLeastPercent',
        message: '带标签“农村”的学校（学区）名额合计 26，达不到优秀教师 40 名的 66%（27）',
      },
    ]);
  });

  it('refuse 100 % while any untagged region has a place of the category', () => {
    expect(check([{ ...rule, atLeastPercent: 100 }])[0]?.message).toBe(
      '带标签“农村”的学校（学区）名额合计 26，达不到优秀教师 40 名的 100%（40）',
    );
    const allRural = { ...QINGFENG, regions: QINGFENG.regions.map((r) => ({ ...r, tags: ['农村'] })) };
    expect(check([{ ...rule, atLeastPercent: 100 }], allRural)).toEqual([]);
  });

  it('refuse a tag no region has, a missing category, and a rule repeated', () => {
    expect(check([{ ...rule, tag: '山区' }])).toEqual([
      { index: 0, key: 'tag', message: '没有学校（学区）带标签“山区”' },
    ]);
    expect(check([{ ...rule, category: 'principal' }])).toEqual([
      { index: 0, key: 'category', message: '没有类别“principal”' },
    ]);
    expect(check([rule, { ...rule, atLeastPercent: 50 }])).toEqual([
      { index: 1, key: 'tag', message: '优秀教师已有按标签“农村”的比例规则，不能重复' },
    ]);
  });
});
