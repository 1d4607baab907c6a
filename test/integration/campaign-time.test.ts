/**
 * Issue 9, through the API on the local stack: the one clock (moved with /_local/clock), the
 * dates checked against each other and against today, the city publicity in rounds, cancelling a
 * unit publicity and copying an ended nomination into a new draft, and personal-data reads
 * logged once per session. The clock is set to days of December 2026 (inside the built-in
 * holiday data) and back to real time at the end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '#shared/definition/load';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { moveClockBy, readClock, setClock } from '../support/clock.ts';
import { workerForm } from '../support/forms.ts';
import { atMeeting, FIXTURES, ok, reviewed, scan, submitted, vote } from '../support/process.ts';
import { api, chainEvents, ddb, demoCode, postUpload, stack, waitForVerdict } from '../support/stack.ts';

afterAll(async () => {
  await setClock(null);
});

/** A complete worker draft with an accepted photo and its unit recommendation. */
async function draft(
  t: TestCampaign,
  name: string,
  rec = { democratic: '2026-12-01', leadership: '2026-12-02' },
) {
  const id = (
    await ok(
      api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'worker', form: workerForm(t.campaign.assessmentYears, { name }) },
      }),
      201,
    )
  ).id as string;
  const ask = await ok(
    api('POST', `/api/nominations/${id}/photo`, {
      token: t.tokens.unit,
      body: { contentType: 'image/jpeg' },
    }),
    201,
  );
  await postUpload(ask.upload, readFileSync(join(FIXTURES, 'id-photo-413x579.jpg')), 'image/jpeg');
  expect((await waitForVerdict(t.tokens.unit, id, ask.photoId)).verdict.status).toBe('accepted');
  await ok(
    api('PUT', `/api/nominations/${id}/unit-recommendation`, {
      token: t.tokens.unit,
      body: {
        democratic: { date: rec.democratic, voters: 30, votesFor: 27 },
        leadershipDecisionDate: rec.leadership,
      },
    }),
  );
  return id;
}

const refusal = (r: { status: number; body: any }) => [r.status, r.body?.error?.code, r.body?.error?.field];

describe('the clock of the local runtime', () => {
  it('reads, moves, refuses nonsense and goes back to real time', async () => {
    const real = await setClock(null);
    expect(real.moved).toBe(false);
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(60_000);
    const moved = await setClock('2026-12-07');
    expect(moved).toMatchObject({ moved: true, today: '2026-12-07' });
    expect(moved.now.startsWith('2026-12-07T01:00')).toBe(true);
    // the API answers by the same clock
    const health = await fetch(`${stack.baseUrl}/api/health`);
    expect(health.headers.get('x-pingxuan-now')?.slice(0, 10)).toBe('2026-12-07');
    const bad = await fetch(`${stack.baseUrl}/_local/clock`, {
      method: 'PUT',
      body: JSON.stringify({ now: 'tomorrow' }),
    });
    expect([bad.status, (await bad.json()).error.field]).toEqual([400, 'now']);
    expect((await readClock()).today).toBe('2026-12-07');
    expect((await setClock(null)).moved).toBe(false);
  });
});

describe('a unit publicity, by the clock', () => {
  let t: TestCampaign;
  let id: string;
  beforeAll(async () => {
    t = await newCampaign();
    await setClock('2026-12-07');
    id = await draft(t, '周一');
  }, 120_000);

  it('closes only after its 5 working days, however the unit types the dates', async () => {
    const started = await ok(
      api('POST', `/api/nominations/${id}/unit-publicity`, {
        token: t.tokens.unit,
        body: { postedOn: '2026-12-07' },
      }),
    );
    expect(started.process.unitPublicity).toMatchObject({ postedOn: '2026-12-07', endsOn: '2026-12-14' });
    await scan(t.tokens.unit, id, 'notice');
    const close = () =>
      api('POST', `/api/nominations/${id}/unit-publicity/close`, {
        token: t.tokens.unit,
        body: { outcome: 'no_objection' },
      });
    expect(refusal(await close())).toEqual([409, 'publicity_not_ended', undefined]);
    await setClock('2026-12-14');
    expect(refusal(await close())).toEqual([409, 'publicity_not_ended', undefined]);
    // 7 working days after it started (8 Dec … 16 Dec)
    await setClock('2026-12-16');
    expect((await ok(close())).status).toBe('unit_publicized');
  });
});

describe('dates against each other and against today', () => {
  let t: TestCampaign;
  let id: string;
  beforeAll(async () => {
    t = await newCampaign((c) => ({ ...c, noticeDate: '2026-11-18' }));
    await setClock('2026-12-10');
    id = await draft(t, '日期');
  }, 120_000);

  const recommendation = (democratic: string, leadership: string) =>
    api('PUT', `/api/nominations/${id}/unit-recommendation`, {
      token: t.tokens.unit,
      body: {
        democratic: { date: democratic, voters: 30, votesFor: 27 },
        leadershipDecisionDate: leadership,
      },
    });
  const publicity = (postedOn: string, noticeScanId?: string) =>
    api('POST', `/api/nominations/${id}/unit-publicity`, {
      token: t.tokens.unit,
      body: { postedOn, ...(noticeScanId ? { noticeScanId } : {}) },
    });

  it('refuses a leadership decision before the democratic recommendation, a future date, a date before the notice', async () => {
    const order = await recommendation('2026-12-05', '2026-12-04');
    expect(refusal(order)).toEqual([400, 'date_invalid', 'leadershipDecisionDate']);
    expect(order.body.error.message).toContain('不能早于民主推荐日期');
    expect(refusal(await recommendation('2026-12-11', '2026-12-11'))).toEqual([
      400,
      'date_invalid',
      'democratic.date',
    ]);
    const early = await recommendation('2026-11-17', '2026-12-01');
    expect(refusal(early)).toEqual([400, 'date_invalid', 'democratic.date']);
    expect(early.body.error.message).toContain('评选通知印发日期');
    await ok(recommendation('2026-12-03', '2026-12-04'));
  });

  it('refuses a publicity before the decision, in the future, or posted earlier without the photo of the notice', async () => {
    expect(refusal(await publicity('2026-12-03'))).toEqual([400, 'date_invalid', 'postedOn']);
    expect(refusal(await publicity('2026-12-11'))).toEqual([400, 'date_invalid', 'postedOn']);
    const backdated = await publicity('2026-12-07');
    expect(refusal(backdated)).toEqual([409, 'notice_photo_required', 'noticeScanId']);
    expect(backdated.body.error.message).toContain('张贴公示的照片');
    // the photo of the posted notice, taken before the publicity is entered, makes it acceptable
    const noticeScanId = await scan(t.tokens.unit, id, 'notice');
    const started = await ok(publicity('2026-12-07', noticeScanId));
    expect(started.process.unitPublicity).toMatchObject({
      postedOn: '2026-12-07',
      endsOn: '2026-12-14',
      noticeScanId,
    });
  });

  it('refuses a meeting dated tomorrow or before the notice, and votes before the meeting day', async () => {
    const meeting = (date: string) =>
      api('PUT', `/api/campaigns/${t.campaign.id}/meeting`, {
        token: t.tokens.city,
        body: { date, members: 9, present: 9, attendees: [] },
      });
    expect(refusal(await meeting('2026-12-11'))).toEqual([400, 'date_invalid', 'date']);
    expect(refusal(await meeting('2026-11-01'))).toEqual([400, 'date_invalid', 'date']);
    await ok(meeting('2026-12-10'));
    // a clock set back before the meeting: no vote yet (checked before anything about the nominee)
    await setClock('2026-12-09');
    const early = await api('POST', `/api/nominations/${id}/vote`, {
      token: t.tokens.city,
      body: { for: 9, against: 0, abstain: 0 },
    });
    expect(refusal(early)).toEqual([409, 'meeting_not_held', 'meeting.date']);
    const round = await api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
      token: t.tokens.city,
      body: { startsOn: '2026-12-09', dryRun: true },
    });
    expect(refusal(round)).toEqual([400, 'date_invalid', 'startsOn']);
    await setClock('2026-12-10');
  });
});

describe('the city publicity in rounds', () => {
  let t: TestCampaign;
  let ids: Record<string, string>;
  beforeAll(async () => {
    await setClock('2026-12-07');
    t = await newCampaign();
    ids = await atMeeting(t, ['甲', '乙'], '2026-12-07');
  }, 300_000);

  const round = (body: Record<string, unknown>) =>
    api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, { token: t.tokens.city, body });
  const publicPage = () => ok(api('GET', `/api/public/campaigns/${t.campaign.id}/publicity`));
  const confirm = () => api('POST', `/api/campaigns/${t.campaign.id}/confirm`, { token: t.tokens.city });

  it('previews who goes in, the regions that have not reported and who still awaits a vote, changing nothing', async () => {
    const preview = await ok(round({ dryRun: true }));
    expect(preview).toMatchObject({ round: 1, startsOn: '2026-12-07', endsOn: '2026-12-14' });
    expect(preview.nominees.map((n: { name: string }) => n.name)).toEqual(['甲']);
    expect(preview.awaitingVote.map((n: { name: string }) => n.name)).toEqual(['乙']);
    const regions = preview.regionsNotReported.map((r: { regionName: string }) => r.regionName);
    expect(regions).toContain('范县');
    expect(regions).not.toContain('华龙区');
    expect((await api('GET', `/api/public/campaigns/${t.campaign.id}/publicity`)).status).toBe(404);
    expect((await ok(api('GET', `/api/nominations/${ids.甲}`, { token: t.tokens.city }))).status).toBe(
      'passed',
    );
  });

  it('starts round 1 with the passed nominee, and round 2 with one who passed later', async () => {
    const first = await ok(round({}));
    expect(first).toMatchObject({ round: 1, endsOn: '2026-12-14', done: [ids.甲] });
    await setClock('2026-12-08');
    await vote(t, ids.乙 as string, { for: 8, against: 1, abstain: 0 });
    const second = await ok(round({}));
    expect(second).toMatchObject({ round: 2, startsOn: '2026-12-08', endsOn: '2026-12-15', done: [ids.乙] });
    expect(refusal(await round({}))).toEqual([409, 'nothing_to_publicise', undefined]);
    const page = await publicPage();
    expect(
      page.rounds.map((r: { round: number; entries: { name: string }[] }) => [
        r.round,
        r.entries.map((e) => e.name),
      ]),
    ).toEqual([
      [1, ['甲']],
      [2, ['乙']],
    ]);
    const nominee = await ok(api('GET', `/api/nominations/${ids.乙}`, { token: t.tokens.city }));
    expect(nominee.process.cityPublicity).toEqual({ round: 2, startsOn: '2026-12-08', endsOn: '2026-12-15' });
  });

  it('attaches an objection to the nominee’s round, and confirms each nominee when its own round has ended', async () => {
    const filed = await ok(
      api('POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
        body: { nominationId: ids.乙, content: '反映考核情况', name: '王群众', phone: '13812345678' },
      }),
      201,
    );
    const cases = (await ok(api('GET', `/api/campaigns/${t.campaign.id}/cases`, { token: t.tokens.city })))
      .cases;
    expect(cases.find((c: { caseId: string }) => c.caseId === filed.caseId)).toMatchObject({
      round: 2,
      status: 'open',
    });
    expect(refusal(await confirm())).toEqual([409, 'publicity_not_ended', undefined]);
    await setClock('2026-12-15');
    const partly = await ok(confirm());
    expect(partly.done).toEqual([ids.甲]);
    expect(partly.waiting).toEqual([{ id: ids.乙, name: '乙', endsOn: '2026-12-15' }]);
    // round 1 is over: the public page lists only the open round
    expect((await publicPage()).rounds.map((r: { round: number }) => r.round)).toEqual([2]);
    await setClock('2026-12-16');
    const held = await ok(confirm());
    expect(held.refused).toMatchObject([{ id: ids.乙, code: 'cases_open' }]);
    await ok(
      api('POST', `/api/nominations/${ids.乙}/cases/${filed.caseId}/resolve`, {
        token: t.tokens.city,
        body: { outcome: 'dismissed', reason: '经核实反映不属实' },
      }),
    );
    expect((await ok(confirm())).done).toEqual([ids.乙]);
    expect((await publicPage()).rounds).toEqual([]);
  });
});

describe('cancelling a unit publicity, and copying an ended nomination into a new draft', () => {
  let t: TestCampaign;
  let id: string;
  beforeAll(async () => {
    await setClock('2026-12-07');
    t = await newCampaign();
    id = await draft(t, '复制');
  }, 120_000);

  it('cancels a publicity started by mistake, with a reason, back to the draft', async () => {
    await ok(
      api('POST', `/api/nominations/${id}/unit-publicity`, {
        token: t.tokens.unit,
        body: { postedOn: '2026-12-07' },
      }),
    );
    const path = `/api/nominations/${id}/unit-publicity/cancel`;
    expect(refusal(await api('POST', path, { token: t.tokens.unit, body: { reason: ' ' } }))[0]).toBe(400);
    expect((await api('POST', path, { token: t.tokens.county, body: { reason: '误操作' } })).status).toBe(
      403,
    );
    const back = await ok(api('POST', path, { token: t.tokens.unit, body: { reason: '张贴日期填错' } }));
    expect(back.status).toBe('draft');
    expect(back.process.unitPublicity).toBeUndefined();
    expect(back.process.decisions.at(-1)).toMatchObject({
      action: 'cancelUnitPublicity',
      reason: '张贴日期填错',
    });
    expect(back.actions).toContain('startUnitPublicity');
    const last = (await chainEvents(`NOM#${id}`)).at(-1);
    expect(last).toMatchObject({ action: 'workflow.cancelUnitPublicity' });
    expect(last?.changes.map((c: { field: string }) => c.field)).toEqual([
      'status',
      'unitPublicity',
      'reason',
    ]);
  });

  it('copies a withdrawn nomination with its form, ID number and photo, linked both ways, once', async () => {
    await ok(
      api('POST', `/api/nominations/${id}/unit-publicity`, {
        token: t.tokens.unit,
        body: { postedOn: '2026-12-07' },
      }),
    );
    const withdrawn = await ok(
      api('POST', `/api/nominations/${id}/withdraw`, {
        token: t.tokens.unit,
        body: { reason: '本人申请撤回' },
      }),
    );
    expect(withdrawn.actions).toEqual(['copyToDraft']);
    expect((await api('POST', `/api/nominations/${id}/copy`, { token: t.tokens.unit2 })).status).toBe(404);
    expect((await api('POST', `/api/nominations/${id}/copy`, { token: t.tokens.county })).status).toBe(403);
    const copy = await ok(api('POST', `/api/nominations/${id}/copy`, { token: t.tokens.unit }), 201);
    expect(copy.id).not.toBe(id);
    expect(copy).toMatchObject({ status: 'draft', idNumberMasked: withdrawn.idNumberMasked, problems: [] });
    expect(copy.form).toEqual(withdrawn.form);
    expect(copy.process).toMatchObject({
      copiedFrom: id,
      unitRecommendation: withdrawn.process.unitRecommendation,
    });
    expect(copy.process.unitPublicity).toBeUndefined();
    const read = await ok(api('GET', `/api/nominations/${copy.id}`, { token: t.tokens.unit }));
    expect(read.photos).toHaveLength(1);
    expect(read.photos[0]).toMatchObject({ status: 'accepted', width: 413, height: 579 });
    const photo = await fetch(read.photoUrl);
    expect([photo.status, photo.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    // the ID number was sealed anew for the copy (bound to its own id): it opens with the copy's id
    process.env.PII_KEY_FILE = join(stack.dataDir, 'secrets', 'pii-key');
    const { openPii } = await import('#lib/pii');
    const stored = (
      await ddb.send(new GetCommand({ TableName: stack.table, Key: { pk: `NOM#${copy.id}`, sk: 'NOM' } }))
    ).Item as { idNumber: { sealed: Parameters<typeof openPii>[0] } };
    expect(await openPii(stored.idNumber.sealed, copy.id)).toBe(String(workerForm([]).idNumber));
    await expect(openPii(stored.idNumber.sealed, id)).rejects.toThrow();
    const original = await ok(api('GET', `/api/nominations/${id}`, { token: t.tokens.unit }));
    expect(original).toMatchObject({ status: 'withdrawn', process: { copiedTo: copy.id } });
    expect((await chainEvents(`NOM#${id}`)).at(-1)).toMatchObject({ action: 'nomination.copied_to' });
    expect((await chainEvents(`NOM#${copy.id}`))[0]).toMatchObject({
      action: 'nomination.copied_from',
      seq: 1,
    });
    const again = await api('POST', `/api/nominations/${id}/copy`, { token: t.tokens.unit });
    expect(refusal(again)).toEqual([409, 'already_copied', undefined]);
    // the copy goes its own way: a new publicity, and the whole history verifies
    await ok(
      api('POST', `/api/nominations/${copy.id}/unit-publicity`, {
        token: t.tokens.unit,
        body: { postedOn: '2026-12-07' },
      }),
    );
    expect(
      (await ok(api('GET', `/api/nominations/${copy.id}/history`, { token: t.tokens.auditor }))).verified,
    ).toBe(true);
  });

  it('refuses to copy a nomination that has not ended, or one the city office ended', async () => {
    const other = await draft(t, '草稿');
    expect(refusal(await api('POST', `/api/nominations/${other}/copy`, { token: t.tokens.unit }))).toEqual([
      409,
      'wrong_state',
      undefined,
    ]);
  });
});

describe('personal-data reads', () => {
  it('are logged once per session (login), not per request, for the unit and for reviewers', async () => {
    await setClock(null);
    const login = async (role: 'unit') =>
      (await ok(api('POST', '/api/auth/login', { body: { code: demoCode(role, { regionId: 'hualong' }) } })))
        .token as string;
    const unit = await login('unit');
    const campaignId = (await ok(api('GET', '/api/me', { token: unit }))).principal.campaignId;
    const years = (await ok(api('GET', `/api/campaigns/${campaignId}`, { token: unit }))).campaign
      .assessmentYears;
    const id = (
      await ok(
        api('POST', '/api/nominations', {
          token: unit,
          body: { category: 'worker', form: workerForm(years) },
        }),
        201,
      )
    ).id;
    const reads = async (token: string, nomination = id) => {
      const me = (await ok(api('GET', '/api/me', { token }))).principal.accountId;
      return (await chainEvents(`READS#${me}`)).filter(
        (e) => e.action === 'pii.nomination_read' && e.changes[0].after === nomination,
      ).length;
    };
    for (let i = 0; i < 5; i++) await ok(api('GET', `/api/nominations/${id}`, { token: unit }));
    expect(await reads(unit)).toBe(1);
    // a county reviewer, once a nomination is submitted to it (a draft is the unit's own): the same rule
    const t = await newCampaign();
    const sent = await submitted(t, 'worker', '王立新');
    for (let i = 0; i < 3; i++) await ok(api('GET', `/api/nominations/${sent}`, { token: t.tokens.county }));
    expect(await reads(t.tokens.county, sent)).toBe(1);
    // a new login is a new session
    const again = await login('unit');
    await ok(api('GET', `/api/nominations/${id}`, { token: again }));
    await ok(api('GET', `/api/nominations/${id}`, { token: again }));
    expect(await reads(again)).toBe(2);
  });
});

describe('the jobs the local runtime spawns', () => {
  it('read the same clock: an export job records its events at the moved time', async () => {
    await setClock('2026-12-20T10:00:00+08:00');
    const t = await newCampaign();
    const started = await ok(
      api('POST', '/api/exports', { token: t.tokens.city, body: { set: 'submitted' } }),
      202,
    );
    const deadline = Date.now() + 120_000;
    for (;;) {
      const r = await ok(api('GET', `/api/exports/${started.exportId}`, { token: t.tokens.city }));
      if (r.status === 'done') break;
      if (r.status === 'failed' || Date.now() > deadline) throw new Error(`export ${JSON.stringify(r)}`);
      await new Promise((res) => setTimeout(res, 500));
    }
    const events = await chainEvents(`EXPORT#${started.exportId}`);
    expect(events.map((e) => e.action)).toEqual(['export.requested', 'export.running', 'export.done']);
    // the job process's own events: the real date is days away from 20 December
    for (const e of events) expect(String(e.at).slice(0, 13)).toBe('2026-12-20T02');
  }, 180_000);
});

describe('a campaign whose notice differs: 3 working days, 7 calendar days, one opinion, no county report', () => {
  let t: TestCampaign;
  beforeAll(async () => {
    await setClock('2026-12-07');
    const parsed = parseDefinition(
      readFileSync(join(import.meta.dirname, '../../campaigns/puyang-2024.yaml'), 'utf8'),
    );
    if (!parsed.ok) throw new Error('campaigns/puyang-2024.yaml does not parse');
    const d = parsed.definition;
    t = await newCampaign((c) => ({
      ...c,
      definition: {
        ...d,
        steps: {
          ...d.steps,
          unitPublicity: { enabled: true, days: 3, dayKind: 'working' },
          finalPublicity: { days: 7, dayKind: 'calendar' },
          middleReview: { ...d.steps.middleReview, report: false },
          opinions: [
            {
              id: 'ethics',
              department: '师德师风',
              certifies: '有无违反师德行为',
              issuedBy: '县教体局纪检组',
              title: '师德师风专项审查意见',
            },
          ],
        },
      },
    }));
  }, 120_000);

  it('ends the unit publicity after 3 working days and says so on the nomination', async () => {
    const id = await draft(t, '三日');
    const started = await ok(
      api('POST', `/api/nominations/${id}/unit-publicity`, {
        token: t.tokens.unit,
        body: { postedOn: '2026-12-07' },
      }),
    );
    expect(started.process.unitPublicity).toMatchObject({ postedOn: '2026-12-07', endsOn: '2026-12-10' });
    expect(started.process.publicity).toEqual({
      unit: { days: 3, dayKind: 'working' },
      final: { days: 7, dayKind: 'calendar' },
    });
  });

  it('asks the county for the notice’s one opinion, 师德师风, and refuses another', async () => {
    const id = await submitted(t, 'worker', '一项意见');
    const county = t.tokens.county;
    const police = await api('PUT', `/api/nominations/${id}/opinions/police`, {
      token: county,
      body: { conclusion: '同意', favourable: true, text: '', date: '2024-02-23' },
    });
    expect([police.status, police.body.error.field]).toEqual([400, 'department']);
    expect(police.body.error.message).toContain('师德师风（ethics）');
    const scanOfPolice = await api('POST', `/api/nominations/${id}/scans`, {
      token: county,
      body: { purpose: 'opinion-police', contentType: 'image/jpeg' },
    });
    expect([scanOfPolice.status, scanOfPolice.body.error.code]).toEqual([400, 'unknown_opinion']);
    const before = await ok(api('GET', `/api/nominations/${id}`, { token: county }));
    expect(before.process.opinionsRequired.map((o: { id: string }) => o.id)).toEqual(['ethics']);
    await ok(
      api('PUT', `/api/nominations/${id}/political-review`, {
        token: county,
        body: { passed: true, text: '政治立场坚定', date: '2024-02-23' },
      }),
    );
    const early = await api('POST', `/api/nominations/${id}/recommend`, { token: county });
    expect([early.status, early.body.error.code]).toEqual([409, 'opinions_missing']);
    expect(early.body.error.message).toBe('请先登记师德师风意见，再推荐');
    await reviewed(t, id);
    const recommended = await ok(api('POST', `/api/nominations/${id}/recommend`, { token: county }));
    expect(recommended.status).toBe('recommended');
    expect(Object.keys(recommended.process.opinions)).toEqual(['ethics']);
  }, 300_000);

  it('sends the county’s nominees on without a 审核推荐工作报告, which the notice does not ask for', async () => {
    const id = await submitted(t, 'worker', '无报告');
    await reviewed(t, id);
    const recommended = await ok(api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county }));
    expect(recommended.process.countyReport).toBe(false);
    const report = await api('GET', '/api/regions/hualong/report', { token: t.tokens.county });
    expect([report.status, report.body.error.code]).toEqual([404, 'report_not_required']);
    expect(report.body.error.message).toContain('不要求撰写审核推荐工作报告');
    const sent = await ok(api('POST', '/api/regions/hualong/submit', { token: t.tokens.county }));
    // with the nominee the test before recommended
    expect(sent.done).toContain(id);
    expect(sent.refused).toEqual([]);
  }, 300_000);

  it('runs each round of the final publicity 7 calendar days, weekend included', async () => {
    await atMeeting(t, ['七日'], '2026-12-07');
    const preview = await ok(
      api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
        token: t.tokens.city,
        body: { dryRun: true },
      }),
    );
    expect(preview).toMatchObject({ startsOn: '2026-12-07', endsOn: '2026-12-14' });
    const board = await ok(api('GET', `/api/campaigns/${t.campaign.id}/dashboard`, { token: t.tokens.city }));
    expect(board.cityPublicityLength).toEqual({ days: 7, dayKind: 'calendar' });
  }, 300_000);
});

it('leaves the clock where it was: real time', async () => {
  await moveClockBy(0);
  await setClock(null);
  expect((await readClock()).moved).toBe(false);
});
