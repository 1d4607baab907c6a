/**
 * Several campaigns in one deployment: one account takes part in two campaigns (a city office, an
 * auditor), logs in once, lists its campaigns and switches between them; a token acts in one
 * campaign only, and never reaches the other's records; revoking ends every session at once. The
 * city office starts campaigns from a definition file or by copying one, with its participants.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  campaignFromFile,
  joinAccount,
  newAccount,
  newCampaign,
  type TestCampaign,
} from '../support/campaigns.ts';
import { collectiveForm } from '../support/forms.ts';
import { ok } from '../support/process.ts';
import { api, demoCode, stack, verifyAudit } from '../support/stack.ts';

const { EXAMPLE_CAMPAIGN_ID, SECOND_CAMPAIGN_ID, seedSecondCampaign } = await import(
  '../../infra/local/seed.ts'
);

let a: TestCampaign;
let b: TestCampaign;
/** An office account created in A that takes part in B too, and an auditor likewise. */
let office: { code: string; accountId: string; token: string };
let auditor: { code: string; accountId: string; token: string };
const marks = { a: '', b: '' };
const ids = { a: '', b: '', exportB: '' };

const login = (code: string) => ok(api('POST', '/api/auth/login', { body: { code } }));
const switchTo = (token: string, campaignId: string) =>
  api('POST', '/api/session/campaign', { token, body: { campaignId } });
const draft = async (t: TestCampaign, unitName: string) =>
  (
    await ok(
      api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'collective', form: collectiveForm({ unitName }) },
      }),
      201,
    )
  ).id as string;

beforeAll(async () => {
  const tag = Date.now().toString(36).toUpperCase();
  marks.a = `并行评选甲${tag}`;
  marks.b = `并行评选乙${tag}`;
  a = await newCampaign((c) => ({ ...c, title: marks.a }));
  b = await newCampaign((c) => ({ ...c, title: marks.b }));
  office = await newAccount(a.campaign, 'city', `并行市评选办${tag}`);
  auditor = await newAccount(a.campaign, 'auditor', `并行审计${tag}`);
  await joinAccount(office.accountId, b.campaign, 'city');
  await joinAccount(auditor.accountId, b.campaign, 'auditor');
  ids.a = await draft(a, `甲单位${tag}`);
  ids.b = await draft(b, `乙单位${tag}`);
  ids.exportB = (
    await ok(api('POST', '/api/exports', { token: b.tokens.city, body: { set: 'submitted' } }), 202)
  ).exportId;
}, 300_000);

describe('one account in several campaigns', () => {
  it('logs in to its own campaign, lists both with its role, and reopens the one chosen last', async () => {
    const first = await login(office.code);
    expect(first.campaigns).toEqual([
      { id: a.campaign.id, title: marks.a, role: 'city', roleLabel: '市评选办' },
      { id: b.campaign.id, title: marks.b, role: 'city', roleLabel: '市评选办' },
    ]);
    // never chose: the campaign it was created in
    expect(first.principal.campaignId).toBe(a.campaign.id);
    const me = await ok(api('GET', '/api/me', { token: first.token }));
    expect(me.campaigns.map((c: { id: string }) => c.id)).toEqual([a.campaign.id, b.campaign.id]);
    expect(me.principal).toMatchObject({ campaignId: a.campaign.id, role: 'city' });

    const inB = await ok(switchTo(first.token, b.campaign.id));
    expect(inB.principal).toMatchObject({
      campaignId: b.campaign.id,
      role: 'city',
      accountId: office.accountId,
    });
    expect((await login(office.code)).principal.campaignId).toBe(b.campaign.id);
    await ok(switchTo(first.token, a.campaign.id));
    expect((await login(office.code)).principal.campaignId).toBe(a.campaign.id);
    // an account of one campaign lists that one only
    const single = await ok(api('GET', '/api/me', { token: a.tokens.unit }));
    expect(single.campaigns).toEqual([
      { id: a.campaign.id, title: marks.a, role: 'unit', roleLabel: '推荐单位' },
    ]);
  });

  it('refuses a switch to a campaign the account takes no part in, or to a malformed id', async () => {
    const r = await switchTo(a.tokens.city, b.campaign.id);
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/未参加/);
    const unknown = await switchTo(office.token, '01HMB7Z4Q1PYCZ2024YKT00009');
    expect(unknown.status).toBe(404);
    const bad = await switchTo(office.token, 'nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('keeps a token of one campaign away from every record of the other', async () => {
    const inA = (await ok(switchTo(auditor.token, a.campaign.id))).token as string;
    const inB = (await ok(switchTo(auditor.token, b.campaign.id))).token as string;
    // the same account sees B's draft with B's token, and not with A's
    expect((await ok(api('GET', `/api/nominations/${ids.b}`, { token: inB }))).id).toBe(ids.b);
    expect((await api('GET', `/api/nominations/${ids.b}`, { token: inA })).status).toBe(404);
    expect((await api('GET', `/api/nominations/${ids.b}/history`, { token: inA })).status).toBe(404);
    const listA = await ok(api('GET', '/api/nominations', { token: inA }));
    const listed = JSON.stringify(listA);
    expect(listed).toContain(ids.a);
    expect(listed).not.toContain(ids.b);
    expect(JSON.stringify(await ok(api('GET', '/api/nominations', { token: inB })))).not.toContain(ids.a);
    // quotas and the dashboard: only the token's campaign
    expect((await api('GET', `/api/campaigns/${b.campaign.id}`, { token: inA })).status).toBe(404);
    expect((await api('GET', `/api/campaigns/${b.campaign.id}/dashboard`, { token: inA })).status).toBe(404);
    const own = await ok(api('GET', `/api/campaigns/${a.campaign.id}`, { token: inA }));
    expect(own.campaign.id).toBe(a.campaign.id);
    // B's export job, and B's cases
    expect((await api('GET', `/api/exports/${ids.exportB}`, { token: inA })).status).toBe(404);
    expect((await api('GET', `/api/exports/${ids.exportB}`, { token: inB })).status).toBe(200);
    expect((await api('GET', `/api/campaigns/${b.campaign.id}/cases`, { token: inA })).status).toBe(404);
    // the city office's writes on B's campaign with A's token
    const cityA = (await ok(switchTo(office.token, a.campaign.id))).token as string;
    for (const [method, path, body] of [
      ['PATCH', `/api/campaigns/${b.campaign.id}`, { objectionChannels: { phone: '0393-7654321' } }],
      [
        'PUT',
        `/api/campaigns/${b.campaign.id}/quotas`,
        { regions: [{ id: 'hualong', quotas: { collective: 4, worker: 6 } }] },
      ],
      ['POST', `/api/campaigns/${b.campaign.id}/city-publicity`, { startsOn: '2024-03-01' }],
      [
        'PUT',
        `/api/campaigns/${b.campaign.id}/meeting`,
        { date: '2024-03-01', members: 9, present: 7, attendees: ['甲'] },
      ],
    ] as const) {
      const r = await api(method, path, { token: cityA, body });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    // the audit log of A's token: A's events, none of B's
    const log = await ok(api('POST', '/api/audit/log', { token: inA }), 201);
    const text = await (await fetch(log.url)).text();
    expect(text).toContain(ids.a);
    expect(text).not.toContain(ids.b);
    expect(text).not.toContain(ids.exportB);
  });

  it('keeps both histories whole: each campaign verifies, with the accounts that joined it', async () => {
    for (const c of [a, b]) {
      const report = await verifyAudit(c.tokens.auditor);
      expect(report.breaks).toEqual([]);
      expect(report.ok).toBe(true);
    }
  });
});

describe('the local start', () => {
  it('seeds the second demo campaign when this version runs it, and says why not otherwise', async () => {
    const said = await seedSecondCampaign(stack.demo);
    const city = await login(demoCode('city'));
    // the demo city office opens the example, whatever else it takes part in
    expect(city.principal.campaignId).toBe(EXAMPLE_CAMPAIGN_ID);
    const ids = city.campaigns.map((c: { id: string }) => c.id);
    if (said.startsWith('未创建')) {
      expect(said).toMatch(/^未创建 campaigns\/qingfeng-2026-teachers\.yaml：\S/);
      expect(ids).toEqual([EXAMPLE_CAMPAIGN_ID]);
    } else {
      expect(ids).toEqual([EXAMPLE_CAMPAIGN_ID, SECOND_CAMPAIGN_ID]);
      const auditor = await login(demoCode('auditor'));
      expect(auditor.campaigns.map((c: { role: string }) => c.role)).toEqual(['auditor', 'auditor']);
    }
  });
});

describe('the city office starts campaigns', () => {
  const definition = (file: string) =>
    readFileSync(join(import.meta.dirname, '../../campaigns', file), 'utf8');

  it('refuses a bad definition file naming its line and field, and writes nothing', async () => {
    const before = (await ok(api('GET', '/api/me', { token: office.token }))).campaigns.length;
    const broken = definition('puyang-2024.yaml').replace(/^workYear: .*$/m, 'workYear: 二〇二三');
    const r = await api('POST', '/api/campaigns', { token: office.token, body: { definition: broken } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ field: 'definition', code: 'definition_invalid' });
    expect(r.body.error.message).toMatch(/第 \d+ 行 workYear：/);
    const both = await api('POST', '/api/campaigns', {
      token: office.token,
      body: { definition: 'x: 1', copyOf: a.campaign.id },
    });
    expect(both.status).toBe(400);
    expect((await ok(api('GET', '/api/me', { token: office.token }))).campaigns).toHaveLength(before);
    // only the city office starts campaigns
    const unit = await api('POST', '/api/campaigns', {
      token: a.tokens.unit,
      body: { definition: definition('puyang-2024.yaml') },
    });
    expect(unit.status).toBe(403);
  });

  it('starts a campaign from a definition file, with the office as its only participant', async () => {
    const r = await ok(
      api('POST', '/api/campaigns', {
        token: office.token,
        body: { definition: definition('puyang-2024.yaml') },
      }),
      201,
    );
    expect(r.participants).toBe(1);
    expect(r.campaign.docNumber).toBe('濮人社函〔2024〕2号');
    const me = await ok(api('GET', '/api/me', { token: office.token }));
    expect(me.campaigns).toContainEqual({
      id: r.campaign.id,
      title: r.campaign.title,
      role: 'city',
      roleLabel: '市评选办',
    });
    const inNew = (await ok(switchTo(office.token, r.campaign.id))).token as string;
    const accounts = await ok(api('GET', '/api/accounts', { token: inNew }));
    expect(accounts.accounts.map((x: { accountId: string; role: string }) => [x.accountId, x.role])).toEqual([
      [office.accountId, 'city'],
    ]);
    const quotas = (await ok(api('GET', `/api/campaigns/${r.campaign.id}`, { token: inNew }))).quotas;
    expect(quotas.length).toBeGreaterThan(0);
    expect(quotas.every((q: { used: number }) => q.used === 0)).toBe(true);
  });

  it('copies its campaign with a new title and deadlines; the participants carry over in their regions', async () => {
    const cityA = (await ok(switchTo(office.token, a.campaign.id))).token as string;
    // only the campaign the token works in
    const other = await api('POST', '/api/campaigns', { token: cityA, body: { copyOf: b.campaign.id } });
    expect(other.status).toBe(404);
    const copy = await ok(
      api('POST', '/api/campaigns', {
        token: cityA,
        body: {
          copyOf: a.campaign.id,
          title: `${marks.a}（第二批）`,
          docNumber: '濮人社函〔2025〕1号',
          deadlines: { countyToCity: '2099-03-01' },
        },
      }),
      201,
    );
    const c = copy.campaign;
    expect(c).toMatchObject({
      title: `${marks.a}（第二批）`,
      docNumber: '濮人社函〔2025〕1号',
      deadlines: { unitToCounty: '2099-02-22', countyToCity: '2099-03-01' },
      regions: a.campaign.regions,
    });
    const accountsA = (await ok(api('GET', '/api/accounts', { token: cityA }))).accounts;
    expect(copy.participants).toBe(accountsA.length);
    // the unit takes part in the copy as a new member unit of the same region
    const unitLogin = await ok(api('GET', '/api/me', { token: a.tokens.unit }));
    expect(unitLogin.campaigns.map((x: { id: string }) => x.id)).toEqual([a.campaign.id, c.id]);
    const unitInCopy = await ok(switchTo(a.tokens.unit, c.id));
    expect(unitInCopy.principal).toMatchObject({ role: 'unit', regionId: 'hualong', campaignId: c.id });
    expect(unitInCopy.principal.unitId).not.toBe(unitLogin.principal.unitId);
    const mine = await ok(api('GET', '/api/nominations', { token: unitInCopy.token }));
    expect(JSON.stringify(mine)).not.toContain(ids.a);
    // before units start, the office edits the copy's notice; the settings route carries it
    const cityInCopy = (await ok(switchTo(office.token, c.id))).token as string;
    const edited = await ok(
      api('PATCH', `/api/campaigns/${c.id}`, {
        token: cityInCopy,
        body: { notice: { title: `${marks.a}（第二批·改）`, deadlines: { unitToCounty: '2099-02-20' } } },
      }),
    );
    expect(edited).toBeDefined();
    const after = (await ok(api('GET', `/api/campaigns/${c.id}`, { token: cityInCopy }))).campaign;
    expect(after).toMatchObject({
      title: `${marks.a}（第二批·改）`,
      deadlines: { unitToCounty: '2099-02-20', countyToCity: '2099-03-01' },
      definition: { title: `${marks.a}（第二批·改）`, deadlines: { unitToMiddle: '2099-02-20' } },
    });
    const late = await api('PATCH', `/api/campaigns/${c.id}`, {
      token: cityInCopy,
      body: { notice: { deadlines: { unitToCounty: '2099-03-02' } } },
    });
    expect(late.status).toBe(400);
    expect(late.body.error.field).toBe('deadlines.unitToCounty');

    const fresh = (
      await ok(
        api('POST', '/api/nominations', {
          token: unitInCopy.token,
          body: { category: 'collective', form: collectiveForm({ unitName: '第二批单位' }) },
        }),
        201,
      )
    ).id;
    expect((await api('GET', `/api/nominations/${fresh}`, { token: a.tokens.unit })).status).toBe(404);
    // a unit has started: the notice stays as it is
    const started = await api('PATCH', `/api/campaigns/${c.id}`, {
      token: cityInCopy,
      body: { notice: { title: '再改名' } },
    });
    expect(started.status).toBe(409);
    expect(started.body.error.message).toMatch(/已有单位开始填报/);
  });

  it('adds an account of its campaign to another campaign it runs, and nowhere else', async () => {
    const cityA = (await ok(switchTo(office.token, a.campaign.id))).token as string;
    const county = (await ok(api('GET', '/api/accounts', { token: cityA }))).accounts.find(
      (x: { role: string; regionId?: string }) => x.role === 'county' && x.regionId === 'hualong',
    );
    const added = await ok(
      api('POST', `/api/accounts/${county.accountId}/campaigns`, {
        token: cityA,
        body: { campaignId: b.campaign.id },
      }),
      201,
    );
    expect(added.account).toMatchObject({ campaignId: b.campaign.id, role: 'county', regionId: 'hualong' });
    const cityB = (await ok(switchTo(office.token, b.campaign.id))).token as string;
    const inB = (await ok(api('GET', '/api/accounts', { token: cityB }))).accounts;
    expect(inB.filter((x: { accountId: string }) => x.accountId === county.accountId)).toHaveLength(1);
    const again = await api('POST', `/api/accounts/${county.accountId}/campaigns`, {
      token: cityA,
      body: { campaignId: b.campaign.id },
    });
    expect(again.status).toBe(409);
    // A's own city office does not run B: B is not found for it
    const stranger = await api('POST', `/api/accounts/${county.accountId}/campaigns`, {
      token: a.tokens.city,
      body: { campaignId: b.campaign.id },
    });
    expect(stranger.status).toBe(404);
  });

  it('ends every session of an account at once when it is revoked, whatever the campaign', async () => {
    const inA = (await ok(switchTo(auditor.token, a.campaign.id))).token as string;
    const inB = (await ok(switchTo(auditor.token, b.campaign.id))).token as string;
    // B's city office revokes the auditor that joined B from A
    await ok(api('POST', `/api/accounts/${auditor.accountId}/revoke`, { token: b.tokens.city }));
    for (const token of [inA, inB, auditor.token]) {
      const r = await api('GET', '/api/me', { token });
      expect(r.status).toBe(401);
    }
    expect((await api('POST', '/api/auth/login', { body: { code: auditor.code } })).status).toBe(401);
  });
});

describe('a campaign of another notice', () => {
  it('names the roles as its notice does in the list of campaigns (学校（学区）审核, 县教体局)', async () => {
    const q = await campaignFromFile('qingfeng-2026-teachers.yaml', {
      units: ['城关镇第一小学', '城关镇第二小学'],
      county: '城关镇中心校（审核）',
    });
    const me = await ok(api('GET', '/api/me', { token: q.tokens.county }));
    expect(me.campaigns).toEqual([
      expect.objectContaining({ id: q.campaign.id, roleLabel: '学校（学区）审核' }),
    ]);
    const city = await ok(api('GET', '/api/me', { token: q.tokens.city }));
    expect(city.campaigns).toEqual([expect.objectContaining({ id: q.campaign.id, roleLabel: '县教体局' })]);
  });
});
