/**
 * The authorization matrix: every route of functions/routes.ts × every kind of caller, against
 * records that belong to someone else. A leak is a 2xx on someone else's record, or any answer
 * carrying someone else's data (a nominee's name, a record's id, the whole ID number, a county's
 * report, another campaign's title). The routes come from the route table, so a new route is in
 * the matrix without anyone adding it; a new route with a body needs a valid sample body
 * (test/support/security.ts) or the suite fails.
 *
 * The records: in campaign A, a unit of 华龙区 owns a worker's draft (with an ID number), a
 * nomination in its unit publicity (both still the unit's own: item 9, only auditors read them)
 * and a collective submitted to its county; 华龙区's county has written its report; the city
 * office has asked for an export. The callers: a second unit of 华龙区, a unit of 范县, the
 * counties of 华龙区 and 范县, the city office, an auditor, the five accounts of a second
 * campaign, accounts of A that take part in the second campaign too (a unit, the city office, an
 * auditor) with tokens switched to it, and no token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../functions/routes.ts';
import { joinAccount, newAccount, newCampaign, newUnit, type TestCampaign } from '../../support/campaigns.ts';
import { collectiveForm, idNumber, workerForm } from '../../support/forms.ts';
import { chinaToday, ok, PAST_NOTICE, REPORT, scan, submitted } from '../../support/process.ts';
import { pathOf, pool, type Reply, sampleBody, send, Tally, textOf } from '../../support/security.ts';
import { api } from '../../support/stack.ts';

type Target = 'draft' | 'inPublicity' | 'submitted' | 'campaign' | 'account' | 'export' | 'region' | 'none';

interface Caller {
  name: string;
  token?: string;
  /** Which of campaign A's targets the caller may legitimately act on (reads or writes its role allows). */
  may: (target: Target, method: string) => boolean;
  /** Markers of data the caller must never receive. */
  forbidden: string[];
}

const tally = new Tally('authorization matrix');
let a: TestCampaign;
let b: TestCampaign;
const ids = {} as Record<
  'draft' | 'inPublicity' | 'submitted' | 'account' | 'export' | 'verification',
  string
>;
const marks = {} as Record<
  'draftName' | 'publicityName' | 'submittedName' | 'idNumber' | 'report' | 'title',
  string
>;
let callers: Caller[] = [];

beforeAll(async () => {
  const tag = Date.now().toString(36).toUpperCase();
  marks.title = `矩阵评选甲${tag}`;
  marks.draftName = `草稿人${tag}`;
  marks.publicityName = `公示中单位${tag}`;
  marks.submittedName = `已报送单位${tag}`;
  marks.report = `本区报告${tag}`;
  marks.idNumber = idNumber('19790312', '女');
  a = await newCampaign((c) => ({ ...c, title: marks.title }));
  b = await newCampaign((c) => ({ ...c, title: `第二个评选${tag}` }));
  const unitElsewhere = await newUnit(a.campaign, '范县民政局', 'fanxian');
  const countyElsewhere = await newAccount(a.campaign, 'county', '范县（审核）', 'fanxian');
  // accounts of A that take part in B too, their tokens switched to B
  const inB: Record<'unit' | 'city' | 'auditor', string> = { unit: '', city: '', auditor: '' };
  for (const role of ['unit', 'city', 'auditor'] as const) {
    const own = await newAccount(
      a.campaign,
      role,
      `两个评选都参加的${role}`,
      role === 'unit' ? 'hualong' : undefined,
    );
    await joinAccount(own.accountId, b.campaign, role, role === 'unit' ? 'hualong' : undefined);
    inB[role] = (
      await ok(
        api('POST', '/api/session/campaign', { token: own.token, body: { campaignId: b.campaign.id } }),
      )
    ).token;
  }

  const owner = a.tokens.unit;
  ids.account = (await ok(api('GET', '/api/me', { token: owner }))).principal.accountId;
  ids.draft = (
    await ok(
      api('POST', '/api/nominations', {
        token: owner,
        body: {
          category: 'worker',
          form: workerForm(a.campaign.assessmentYears, {
            name: marks.draftName,
            idNumber: marks.idNumber,
            sex: '女',
            birthMonth: '1979-03',
          }),
        },
      }),
      201,
    )
  ).id;
  ids.inPublicity = (
    await ok(
      api('POST', '/api/nominations', {
        token: owner,
        body: { category: 'collective', form: collectiveForm({ unitName: marks.publicityName }) },
      }),
      201,
    )
  ).id;
  await ok(
    api('PUT', `/api/nominations/${ids.inPublicity}/unit-recommendation`, {
      token: owner,
      body: {
        democratic: { date: '2024-02-05', voters: 30, votesFor: 27 },
        leadershipDecisionDate: '2024-02-06',
      },
    }),
  );
  // a publicity posted in the past needs its notice photo first (shared/dates.ts)
  const noticeScanId = await scan(owner, ids.inPublicity, 'notice');
  await ok(
    api('POST', `/api/nominations/${ids.inPublicity}/unit-publicity`, {
      token: owner,
      body: { postedOn: PAST_NOTICE, noticeScanId },
    }),
  );
  ids.submitted = await submitted(a, 'collective', marks.submittedName);
  await ok(
    api('PUT', '/api/regions/hualong/report', {
      token: a.tokens.county,
      body: { ...REPORT, organisation: marks.report },
    }),
  );
  ids.export = (
    await ok(api('POST', '/api/exports', { token: a.tokens.city, body: { set: 'submitted' } }), 202)
  ).exportId;
  ids.verification = (
    await ok(api('POST', '/api/audit/verifications', { token: a.tokens.auditor }), 202)
  ).verificationId;

  const unitOwn = (t: Target) => t === 'draft' || t === 'inPublicity';
  const ofA = [ids.draft, ids.inPublicity, ids.submitted, ids.account, ids.export, marks.idNumber];
  const allOfA = [
    ...ofA,
    marks.draftName,
    marks.publicityName,
    marks.submittedName,
    marks.report,
    marks.title,
    a.campaign.id,
  ];
  const notSubmittedToThem = [
    ids.draft,
    ids.inPublicity,
    marks.draftName,
    marks.publicityName,
    marks.idNumber,
  ];
  const otherUnit = (name: string, token: string): Caller => ({
    name,
    token,
    may: (t) => t === 'campaign' || t === 'none',
    forbidden: allOfA.filter((m) => m !== marks.title && m !== a.campaign.id),
  });
  callers = [
    otherUnit('a second unit of 华龙区', a.tokens.unit2),
    otherUnit('a unit of 范县', unitElsewhere.token),
    {
      name: 'the county of 华龙区',
      token: a.tokens.county,
      may: (t) => !unitOwn(t) && t !== 'account' && t !== 'export',
      // the unit's account id is no secret to its county: the history names who acted
      forbidden: [...notSubmittedToThem, ids.export],
    },
    {
      name: 'the county of 范县',
      token: countyElsewhere.token,
      may: (t) => t === 'campaign' || t === 'none',
      forbidden: allOfA.filter((m) => m !== marks.title && m !== a.campaign.id),
    },
    { name: 'the city office', token: a.tokens.city, may: (t) => !unitOwn(t), forbidden: notSubmittedToThem },
    {
      name: 'an auditor',
      token: a.tokens.auditor,
      // auditors read every record (domain.md), drafts included; their role allows no write
      may: (_t, method) => method === 'GET',
      forbidden: [],
    },
    ...(['unit', 'unit2', 'county', 'city', 'auditor'] as const).map(
      (role): Caller => ({
        name: `the ${role} of another campaign`,
        token: b.tokens[role],
        // another campaign has regions of the same ids: its own 华龙区 is its own
        may: (t) =>
          t === 'none' || (t === 'region' && (role === 'county' || role === 'city' || role === 'auditor')),
        forbidden: allOfA,
      }),
    ),
    ...(['unit', 'city', 'auditor'] as const).map(
      (role): Caller => ({
        name: `the ${role} of A switched to the second campaign`,
        token: inB[role],
        may: (t) => t === 'none' || (t === 'region' && role !== 'unit'),
        // its own campaigns' list names A (its id and title): nothing else of A may come back
        forbidden: allOfA.filter((m) => m !== marks.title && m !== a.campaign.id),
      }),
    ),
    { name: 'no token', may: () => false, forbidden: allOfA },
  ];
}, 300_000);

afterAll(() => tally.print());

/** The targets a route's path can name, with the parameters that name them. */
function targetsOf(path: string): { target: Target; params: Record<string, string> }[] {
  const extra = { department: 'personnel', case: '01HMB7Z4Q1PYCZ2024YKT00009' };
  if (path.startsWith('/api/nominations/{id}'))
    return (['draft', 'inPublicity', 'submitted'] as const).map((t) => ({
      target: t,
      params: { id: ids[t], ...extra },
    }));
  if (path.includes('/campaigns/{id}')) return [{ target: 'campaign', params: { id: a.campaign.id } }];
  // a new campaign copies A (its body names A): only A's city office may
  if (path === '/api/campaigns') return [{ target: 'campaign', params: {} }];
  if (path.startsWith('/api/accounts/{id}')) return [{ target: 'account', params: { id: ids.account } }];
  if (path.startsWith('/api/exports/{id}')) return [{ target: 'export', params: { id: ids.export } }];
  if (path.includes('{region}')) return [{ target: 'region', params: { region: 'hualong' } }];
  // a verification job is the campaign's, read by its auditors and city office
  if (path.startsWith('/api/audit/verifications/{id}'))
    return [{ target: 'campaign', params: { id: ids.verification } }];
  // the deployment's holiday calendar belongs to no campaign (a year no other test saves)
  if (path.startsWith('/api/holiday-calendar/{year}')) return [{ target: 'none', params: { year: '2099' } }];
  if (path.includes('{')) throw new Error(`the matrix does not know what ${path} names: add it to targetsOf`);
  return [{ target: 'none', params: {} }];
}

describe('the authorization matrix', () => {
  it('lets no caller read or change what belongs to someone else, on any route', async () => {
    const jobs: (() => Promise<void>)[] = [];
    let n = 0;
    for (const route of routes) {
      for (const { target, params } of targetsOf(route.path)) {
        for (const caller of callers) {
          const from = `127.0.10.${(n++ % 250) + 1}`;
          jobs.push(async () => {
            const body = sampleBody(route, {
              nominationId: ids.draft,
              today: chinaToday(),
              campaignId: a.campaign.id,
            });
            const what = `${caller.name} ${route.method} ${route.path} (${target})`;
            const reply: Reply = tally.count(
              await send(route.method, pathOf(route, params), {
                ...(caller.token ? { token: caller.token } : {}),
                ...(body !== undefined ? { body } : {}),
                from,
              }),
              what,
            );
            if (reply === 'hang') return;
            const stranger = target !== 'none' && !caller.may(target, route.method);
            // Public routes answer anyone; an objection against a record not in publicity is refused.
            const publicOk = route.access === 'public' && route.id !== 'fileObjection';
            if (stranger && !publicOk && reply.status < 300) tally.leak(`${reply.status} ${what}`);
            const text = textOf(reply);
            for (const m of caller.forbidden) if (text.includes(m)) tally.leak(`${what} carried “${m}”`);
          });
        }
      }
    }
    await pool(jobs, 6);
    expect(tally.requests).toBe(jobs.length);
    expect(tally.requests).toBeGreaterThan(routes.length * callers.length);
    tally.expectClean();
  }, 600_000);

  it('leaves the records as they were: the stranger calls changed nothing', async () => {
    // the auditor reads them (the owner's own account may have been revoked by the city office's calls)
    const draft = await ok(api('GET', `/api/nominations/${ids.draft}`, { token: a.tokens.auditor }));
    expect(draft.status).toBe('draft');
    expect(draft.form.name).toBe(marks.draftName);
    const pub = await ok(api('GET', `/api/nominations/${ids.inPublicity}`, { token: a.tokens.auditor }));
    expect(pub.status).toBe('unit_publicity');
  });
});
