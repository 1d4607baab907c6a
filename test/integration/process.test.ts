import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { setClock } from '../support/clock.ts';
import { chinaToday, ok, REPORT, reviewed, submitted, toCityPublicity } from '../support/process.ts';
import { api, ddb, stack } from '../support/stack.ts';

describe('the whole process (两审两公示), on a campaign whose city publicity has ended', () => {
  let t: TestCampaign;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await newCampaign();
  }, 120_000);

  it('takes a worker and a collective from the unit to the county, with a return to the unit on the way', async () => {
    ids.worker = await submitted(t, 'worker', '张伟');
    ids.collective = await submitted(t, 'collective', '华龙区财政局惠民科');
    ids.failing = await submitted(t, 'worker', '王强');
    const back = await ok(
      api('POST', `/api/nominations/${ids.collective}/return-to-unit`, {
        token: t.tokens.county,
        body: { reason: '事迹材料不够具体' },
      }),
    );
    expect(back.status).toBe('returned_to_unit');
    expect(back.process.decisions.at(-1)).toMatchObject({
      action: 'returnToUnit',
      reason: '事迹材料不够具体',
    });
    await ok(
      api('PATCH', `/api/nominations/${ids.collective}`, {
        token: t.tokens.unit,
        body: { version: back.version, form: { deeds: '补充：全年发放补贴 3.2 万笔，零差错。' } },
      }),
    );
    expect(
      (await ok(api('POST', `/api/nominations/${ids.collective}/submit`, { token: t.tokens.unit }))).status,
    ).toBe('submitted');
    // Submitted with the unit's materials complete: the county's three opinions are what is missing.
    const dash = await ok(api('GET', `/api/campaigns/${t.campaign.id}/dashboard`, { token: t.tokens.city }));
    const gaps = { photo: 0, unit_recommendation: 0, unit_publicity: 0, opinions: 3, opinion_scans: 0 };
    expect(dash.regions.find((r: { regionId: string }) => r.regionId === 'hualong').missing).toEqual({
      inPlay: 3,
      incomplete: 3,
      gaps,
    });
    expect(dash.missing).toEqual({ inPlay: 3, incomplete: 3, gaps });
  }, 120_000);

  it('refuses to recommend before the review is complete, then recommends within the quota', async () => {
    const early = await api('POST', `/api/nominations/${ids.worker}/recommend`, { token: t.tokens.county });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('political_review_missing');
    for (const id of [ids.worker, ids.collective, ids.failing]) {
      await reviewed(t, id as string);
      expect(
        (await ok(api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county }))).status,
      ).toBe('recommended');
    }
    const campaign = await ok(api('GET', `/api/campaigns/${t.campaign.id}`, { token: t.tokens.county }));
    expect(campaign.quotas).toContainEqual({ regionId: 'hualong', category: 'worker', quota: 6, used: 2 });
  }, 180_000);

  it('needs the county report before the batch goes to the city', async () => {
    const refused = await ok(api('POST', '/api/regions/hualong/submit', { token: t.tokens.county }));
    expect(refused.done).toEqual([]);
    expect(refused.refused[0].code).toBe('county_report_missing');
    await ok(api('PUT', '/api/regions/hualong/report', { token: t.tokens.county, body: REPORT }));
    const sent = await ok(api('POST', '/api/regions/hualong/submit', { token: t.tokens.county }));
    expect(sent.done.sort()).toEqual([ids.worker, ids.collective, ids.failing].sort());
    expect((await api('POST', '/api/regions/fanxian/submit', { token: t.tokens.county })).status).toBe(404);
  });

  it('lets the city return one to the county, which recommends it again', async () => {
    const back = await ok(
      api('POST', `/api/nominations/${ids.collective}/return-to-county`, {
        token: t.tokens.city,
        body: { reason: '请补充公安部门意见原件' },
      }),
    );
    expect(back.status).toBe('returned_to_county');
    expect(
      (await ok(api('POST', `/api/nominations/${ids.collective}/recommend`, { token: t.tokens.county })))
        .status,
    ).toBe('recommended');
    await ok(api('POST', '/api/regions/hualong/submit', { token: t.tokens.county }));
  });

  it('votes at the review meeting: one passes, one fails', async () => {
    const noMeeting = await api('POST', `/api/nominations/${ids.worker}/vote`, {
      token: t.tokens.city,
      body: { for: 5, against: 0, abstain: 0 },
    });
    expect(noMeeting.body.error.code).toBe('meeting_missing');
    await ok(
      api('PUT', `/api/campaigns/${t.campaign.id}/meeting`, {
        token: t.tokens.city,
        body: { date: '2024-03-01', members: 9, present: 7, attendees: ['组长', '副组长'] },
      }),
    );
    const tooMany = await api('POST', `/api/nominations/${ids.worker}/vote`, {
      token: t.tokens.city,
      body: { for: 6, against: 2, abstain: 0 },
    });
    expect(tooMany.status).toBe(400);
    // the Puyang notice does not rank by score: a 评审得分 is refused, nothing recorded
    const scored = await api('POST', `/api/nominations/${ids.worker}/vote`, {
      token: t.tokens.city,
      body: { for: 6, against: 1, abstain: 0, score: 90 },
    });
    expect([scored.status, scored.body.error.code, scored.body.error.field]).toEqual([
      400,
      'score_not_ranked',
      'score',
    ]);
    const passed = await ok(
      api('POST', `/api/nominations/${ids.worker}/vote`, {
        token: t.tokens.city,
        body: { for: 6, against: 1, abstain: 0 },
      }),
    );
    expect(passed.status).toBe('passed');
    expect(passed.process.rankByScore).toBe(false);
    expect([passed.score, passed.process.vote.score]).toEqual([undefined, undefined]);
    expect(
      (
        await ok(
          api('POST', `/api/nominations/${ids.collective}/vote`, {
            token: t.tokens.city,
            body: { for: 4, against: 2, abstain: 1 },
          }),
        )
      ).status,
    ).toBe('passed');
    const failed = await ok(
      api('POST', `/api/nominations/${ids.failing}/vote`, {
        token: t.tokens.city,
        body: { for: 2, against: 4, abstain: 1 },
      }),
    );
    expect(failed.status).toBe('not_selected');
    const dash = await ok(api('GET', `/api/campaigns/${t.campaign.id}/dashboard`, { token: t.tokens.city }));
    const hualong = dash.regions.find((r: { regionId: string }) => r.regionId === 'hualong');
    expect(hualong.categories.worker).toMatchObject({
      quota: 6,
      used: 1,
      left: 5,
      counts: { passed: 1, not_selected: 1 },
    });
    // Reviewed in full, and the one not selected is out of play.
    expect(hualong.missing).toMatchObject({ inPlay: 2, incomplete: 0 });
    expect(dash.regions.find((r: { regionId: string }) => r.regionId === 'fanxian').missing).toMatchObject({
      inPlay: 0,
      incomplete: 0,
    });
  });

  it('publicises the passed list without ID numbers or phones, then confirms it', async () => {
    // the round is dated back to a day its window has long passed: confirmable at once
    const started = await ok(
      api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
        token: t.tokens.city,
        body: { startsOn: '2024-09-27' },
      }),
    );
    expect(started).toMatchObject({ round: 1, startsOn: '2024-09-27', endsOn: '2024-10-10' });
    // the public page lists open rounds: while it ran, it listed this one (the clock at its last day)
    await setClock('2024-10-10');
    const page = await ok(api('GET', `/api/public/campaigns/${t.campaign.id}/publicity`));
    await setClock(null);
    expect(page.rounds).toMatchObject([{ round: 1, startsOn: '2024-09-27', endsOn: '2024-10-10' }]);
    expect(page.entries.map((e: { name: string }) => e.name).sort()).toEqual(['华龙区财政局惠民科', '张伟']);
    expect(page.entries.find((e: { name: string }) => e.name === '张伟')).toMatchObject({
      categoryLabel: '先进工作者',
      // the category's public fields besides the name: 性别, 工作单位及职务
      details: ['男', expect.stringContaining('华龙区财政局')],
      unitName: '华龙区财政局',
    });
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toContain('13903930001');
    const confirmed = await ok(
      api('POST', `/api/campaigns/${t.campaign.id}/confirm`, { token: t.tokens.city }),
    );
    expect(confirmed.done.sort()).toEqual([ids.worker, ids.collective].sort());
    expect((await ok(api('GET', `/api/nominations/${ids.worker}`, { token: t.tokens.auditor }))).status).toBe(
      'confirmed',
    );
  });

  it('keeps every end state with its record and reason, each step in the history', async () => {
    const failed = await ok(
      api('GET', `/api/nominations/${ids.failing}/history`, { token: t.tokens.auditor }),
    );
    expect(failed.verified).toBe(true);
    expect(failed.events.map((e: { action: string }) => e.action)).toContain('workflow.recordVote');
  });
});

describe('objections during an open city publicity', () => {
  let t: TestCampaign;
  let id: string;
  beforeAll(async () => {
    // Today's publicity may run into a year the built-in calendar lacks: the office adds it.
    t = await newCampaign((c) => ({
      ...c,
      calendar: { years: { 2027: { holidays: ['2027-01-01'], workdays: [] } } },
    }));
    id = await submitted(t, 'worker', '赵敏');
    await reviewed(t, id);
    await ok(api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county }));
    await toCityPublicity(t, id, chinaToday());
  }, 180_000);

  it('records an anonymous objection without accepting it, and accepts one with name and phone', async () => {
    const anonymous = await ok(
      api('POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
        body: { nominationId: id, content: '<script>alert(1)</script> 有问题' },
      }),
      201,
    );
    expect(anonymous.accepted).toBe(false);
    const real = await ok(
      api('POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
        body: {
          nominationId: id,
          content: '该同志 2022 年考核结果有误',
          name: '李群众',
          phone: '13812345678',
        },
      }),
      201,
    );
    expect(real.accepted).toBe(true);
    const cases = await ok(api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.city }));
    expect(cases.cases.map((c: { status: string }) => c.status).sort()).toEqual(['not_accepted', 'open']);
    expect(cases.cases.find((c: { status: string }) => c.status === 'not_accepted').content).toContain(
      '<script>',
    );
    expect(JSON.stringify(cases)).not.toContain('13812345678');
    const notListed = await api('POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
      body: { nominationId: t.campaign.id, content: 'x' },
    });
    expect(notListed.status).toBe(400);
  });

  it('cannot confirm while the publicity runs; upholding the objection revokes the nominee and frees the place', async () => {
    const early = await api('POST', `/api/campaigns/${t.campaign.id}/confirm`, { token: t.tokens.city });
    expect([early.status, early.body.error.code]).toEqual([409, 'publicity_not_ended']);
    const cases = (await ok(api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.city })))
      .cases;
    const open = cases.find((c: { status: string }) => c.status === 'open');
    const revoked = await ok(
      api('POST', `/api/nominations/${id}/cases/${open.caseId}/resolve`, {
        token: t.tokens.city,
        body: { outcome: 'upheld', reason: '经核实考核结果为基本称职' },
      }),
    );
    expect(revoked.status).toBe('revoked');
    const again = await api('POST', `/api/nominations/${id}/cases/${open.caseId}/resolve`, {
      token: t.tokens.city,
      body: { outcome: 'dismissed', reason: 'x' },
    });
    expect(again.status).toBe(409);
    const q = await ddb.send(
      new GetCommand({
        TableName: stack.table,
        Key: { pk: `CAMPAIGN#${t.campaign.id}`, sk: 'QUOTA#hualong#worker' },
      }),
    );
    expect(q.Item?.used).toBe(0);
    const page = await ok(api('GET', `/api/public/campaigns/${t.campaign.id}/publicity`));
    expect(page.entries).toEqual([]);
  });
});

describe('the city office’s checklist', () => {
  it('is computed from the record for reviewers, and not shown to units', async () => {
    const t = await newCampaign();
    const id = await submitted(t, 'worker', '钱进');
    const city = await ok(api('GET', `/api/nominations/${id}`, { token: t.tokens.city }));
    const items = Object.fromEntries(
      city.checklist.map((c: { item: string; ok: boolean }) => [c.item, c.ok]),
    );
    expect(items).toMatchObject({
      unit_recommendation: true,
      unit_publicity: true,
      opinions: false,
      photo: true,
    });
    expect(
      (await ok(api('GET', `/api/nominations/${id}`, { token: t.tokens.unit }))).checklist,
    ).toBeUndefined();
  }, 120_000);
});
