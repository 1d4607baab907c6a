/**
 * The second notice, campaigns/qingfeng-2026-teachers.yaml, created from its file and run through
 * the API on the local stack: teachers of 城关镇中心校 taken from the school's form to the county
 * education bureau's review committee, which votes by two thirds of the members present and ranks
 * by score (按得分排序); then the final publicity in score order. The clock stands inside the
 * notice's schedule (its schools report by 23 November 2026) and goes back to real time at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFromFile, type TestCampaign } from '../support/campaigns.ts';
import { setClock } from '../support/clock.ts';
import { teacherForm } from '../support/forms.ts';
import { idPhoto, ok, reviewed, unitStepsToCounty } from '../support/process.ts';
import { api } from '../support/stack.ts';

const MEETING = '2026-11-16';
let t: TestCampaign;

beforeAll(async () => {
  await setClock(MEETING);
  t = await campaignFromFile('qingfeng-2026-teachers.yaml', {
    units: ['城关镇第一小学', '城关镇第二小学'],
    county: '城关镇中心校',
  });
}, 120_000);

afterAll(async () => {
  await setClock(null);
});

/** A nominee of the school taken to the county's recommendation: form, white 1-inch photo, publicity, ethics opinion. */
async function recommended(category: 'teacher' | 'class-teacher', name: string): Promise<string> {
  const form = teacherForm({ name, ...(category === 'class-teacher' ? { classTeacherYears: 6 } : {}) });
  const id = (
    await ok(api('POST', '/api/nominations', { token: t.tokens.unit, body: { category, form } }), 201)
  ).id as string;
  const photo = await idPhoto(t.tokens.unit, id, 'phone-portrait-white-gps.jpg');
  expect(photo.verdict).toMatchObject({ status: 'accepted', width: 295, height: 413 });
  await unitStepsToCounty(t, id);
  await reviewed(t, id);
  expect((await ok(api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county }))).status).toBe(
    'recommended',
  );
  return id;
}

const vote = (id: string, body: Record<string, unknown>) =>
  api('POST', `/api/nominations/${id}/vote`, { token: t.tokens.city, body });

describe('the Qingfeng notice, created from its file', () => {
  const ids: Record<string, string> = {};

  it('is a campaign of its own: its teachers, its schools, its vote ranked by score', async () => {
    const { campaign } = await ok(api('GET', `/api/campaigns/${t.campaign.id}`, { token: t.tokens.city }));
    expect(campaign.definition.categories.map((c: { id: string }) => c.id)).toEqual([
      'teacher',
      'class-teacher',
    ]);
    expect(campaign.totals).toEqual({ teacher: 40, 'class-teacher': 20 });
    expect(campaign.regions).toHaveLength(23);
    expect(campaign.definition.steps.vote).toMatchObject({
      body: '县教体局评审委员会',
      fraction: '2/3',
      comparison: 'atLeast',
      of: 'present',
      rankByScore: true,
    });
  });

  it('takes two teachers and a class teacher to the committee, without a county report', async () => {
    // 张 is entered first and will score lower than 李: the order by score is not the order of entry
    ids.zhang = await recommended('teacher', '张秀英');
    ids.li = await recommended('teacher', '李春华');
    ids.wang = await recommended('class-teacher', '王红梅');
    const sent = await ok(api('POST', '/api/regions/chengguan/submit', { token: t.tokens.county }));
    expect(sent.done.sort()).toEqual(Object.values(ids).sort());
    await ok(
      api('PUT', `/api/campaigns/${t.campaign.id}/meeting`, {
        token: t.tokens.city,
        body: { date: MEETING, members: 9, present: 7, attendees: ['主任委员', '副主任委员'] },
      }),
    );
  }, 600_000);

  it('refuses a vote without a score, or with two decimals, and records nothing', async () => {
    const before = await ok(api('GET', `/api/nominations/${ids.zhang}`, { token: t.tokens.city }));
    expect(before.process.rankByScore).toBe(true);
    const missing = await vote(ids.zhang as string, { for: 5, against: 2, abstain: 0 });
    expect([missing.status, missing.body.error.code, missing.body.error.field]).toEqual([
      400,
      'score_required',
      'score',
    ]);
    expect(missing.body.error.message).toBe('本次评选按得分排序，请填写评审得分（0–100 分）');
    const twoDecimals = await vote(ids.zhang as string, { for: 5, against: 2, abstain: 0, score: 86.25 });
    expect([twoDecimals.status, twoDecimals.body.error.field, twoDecimals.body.error.message]).toEqual([
      400,
      'score',
      '评审得分最多保留一位小数',
    ]);
    const after = await ok(api('GET', `/api/nominations/${ids.zhang}`, { token: t.tokens.city }));
    expect([after.status, after.version, after.process.vote, after.score]).toEqual([
      'city_review',
      before.version,
      undefined,
      undefined,
    ]);
  });

  it('passes with 5 of the 7 present, fails with 4, whatever the score; the score is kept and audited', async () => {
    const zhang = await ok(vote(ids.zhang as string, { for: 5, against: 2, abstain: 0, score: 86.5 }));
    expect(zhang.status).toBe('passed');
    expect(zhang.process.vote).toEqual({
      for: 5,
      against: 2,
      abstain: 0,
      present: 7,
      members: 9,
      score: 86.5,
    });
    expect(zhang.score).toBe(86.5);
    expect((await ok(vote(ids.li as string, { for: 6, against: 0, abstain: 1, score: 92 }))).status).toBe(
      'passed',
    );
    const wang = await ok(vote(ids.wang as string, { for: 4, against: 2, abstain: 1, score: 95 }));
    expect([wang.status, wang.score]).toEqual(['not_selected', 95]);

    const history = await ok(
      api('GET', `/api/nominations/${ids.zhang}/history`, { token: t.tokens.auditor }),
    );
    expect(history.verified).toBe(true);
    const voted = history.events.find((e: { action: string }) => e.action === 'workflow.recordVote');
    expect(voted.changes).toContainEqual({
      field: 'vote',
      before: null,
      after: { for: 5, against: 2, abstain: 0, present: 7, members: 9, score: 86.5 },
    });
  });

  it('lists the passed teachers by score for the city office and in the final publicity', async () => {
    const list = await ok(api('GET', '/api/nominations?status=passed', { token: t.tokens.city }));
    expect(
      Object.fromEntries(
        list.items.map((n: { form: { name: string }; score: number }) => [n.form.name, n.score]),
      ),
    ).toEqual({ 张秀英: 86.5, 李春华: 92 });

    const preview = await ok(
      api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
        token: t.tokens.city,
        body: { dryRun: true },
      }),
    );
    expect(preview.nominees.map((n: { name: string; score: number }) => [n.name, n.score])).toEqual([
      ['李春华', 92],
      ['张秀英', 86.5],
    ]);
    // 7 calendar days, as the notice says
    expect(preview).toMatchObject({ startsOn: MEETING, endsOn: '2026-11-23' });

    const started = await ok(
      api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
        token: t.tokens.city,
        body: { startsOn: MEETING },
      }),
    );
    expect(started.done).toHaveLength(2);
    const board = await ok(api('GET', `/api/public/campaigns/${t.campaign.id}/publicity`));
    expect(board.entries.map((e: { name: string }) => e.name)).toEqual(['李春华', '张秀英']);
    expect(board.rounds[0].entries.map((e: { name: string }) => e.name)).toEqual(['李春华', '张秀英']);
    // the public sees the order, not the committee's scores
    expect(JSON.stringify(board)).not.toContain('86.5');
  });
});
