import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealEvent } from '#shared/audit';
import { routes } from '../../functions/routes.ts';
import { runCli } from '../support/audit-cli.ts';
import { newAccount, newCampaign } from '../support/campaigns.ts';
import { idNumber, workerForm } from '../support/forms.ts';
import { submitted } from '../support/process.ts';
import { api, chainEvents, ddb, stack, tokenFor, verifyAudit } from '../support/stack.ts';

const CAMPAIGN = '01HMB7Z4Q1PYCZ2024YKT00001';
const ID = idNumber('19850615', '男');
let unit: string;
let auditor: string;
let county: string;
let years: number[];

beforeAll(async () => {
  unit = await tokenFor('unit', { index: 0 });
  auditor = await tokenFor('auditor');
  county = await tokenFor('county', { regionId: 'hualong' });
  years = (await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: unit })).body.campaign.assessmentYears;
});

/** A nomination with four events: created, then three edits. */
async function nominationWithHistory(): Promise<string> {
  const id = (
    await api('POST', '/api/nominations', {
      token: unit,
      body: { category: 'worker', form: workerForm(years) },
    })
  ).body.id;
  for (let v = 1; v <= 3; v++) {
    const r = await api('PATCH', `/api/nominations/${id}`, {
      token: unit,
      body: { version: v, form: { phone: `1390393000${v}` } },
    });
    expect(r.status).toBe(200);
  }
  return id;
}

const eventKey = (id: string, seq: number) => ({
  pk: `AUDIT#NOM#${id}`,
  sk: `EVENT#${String(seq).padStart(10, '0')}`,
});

async function breakOf(id: string) {
  const report = await verifyAudit(auditor);
  return report.breaks.find((b: { chain: string }) => b.chain === `NOM#${id}`);
}

describe('the tamper-evident history', () => {
  it('verifies an untouched history, and the history route shows each change with its diff', async () => {
    const id = await nominationWithHistory();
    expect(await breakOf(id)).toBeUndefined();
    const h0 = (await api('GET', `/api/nominations/${id}/history`, { token: auditor })).body;
    expect(h0.events.at(-1).state.hash).toMatch(/^[0-9a-f]{64}$/);
    const h = await api('GET', `/api/nominations/${id}/history`, { token: auditor });
    expect(h.body.verified).toBe(true);
    expect(h.body.events.map((e: { action: string }) => e.action)).toEqual([
      'nomination.created',
      'nomination.updated',
      'nomination.updated',
      'nomination.updated',
    ]);
    expect(h.body.events[2].changes).toEqual([
      { field: 'phone', before: '13903930001', after: '13903930002' },
    ]);
    expect(h.body.events[0].actor.role).toBe('unit');
    // Every actor by name: the unit's, as its account says.
    const me = (await api('GET', '/api/me', { token: unit })).body.principal;
    expect(h.body.actors).toEqual({ [me.accountId]: me.name });
  });

  it('locates an edited event', async () => {
    const id = await nominationWithHistory();
    await ddb.send(
      new UpdateCommand({
        TableName: stack.table,
        Key: eventKey(id, 2),
        UpdateExpression: 'SET changes = :c',
        ExpressionAttributeValues: {
          ':c': [{ field: 'phone', before: '13903930001', after: '13900000000' }],
        },
      }),
    );
    expect(await breakOf(id)).toMatchObject({ seq: 2, problem: 'edited' });
    const h = await api('GET', `/api/nominations/${id}/history`, { token: auditor });
    expect(h.body).toMatchObject({ verified: false, break: { seq: 2, problem: 'edited' } });
  });

  it('locates a deleted event in the middle', async () => {
    const id = await nominationWithHistory();
    await ddb.send(new DeleteCommand({ TableName: stack.table, Key: eventKey(id, 2) }));
    expect(await breakOf(id)).toMatchObject({ seq: 2, problem: 'missing' });
  });

  it('notices the newest event deleted', async () => {
    const id = await nominationWithHistory();
    await ddb.send(new DeleteCommand({ TableName: stack.table, Key: eventKey(id, 4) }));
    expect(await breakOf(id)).toMatchObject({ seq: 4, problem: 'head-mismatch' });
  });

  it('notices an event inserted behind the record’s back, even with valid hashes', async () => {
    const id = await nominationWithHistory();
    const events = await chainEvents(`NOM#${id}`);
    const last = events[3] as Record<string, any>;
    const forged = await sealEvent({
      chain: `NOM#${id}`,
      seq: 5,
      campaignId: CAMPAIGN,
      at: new Date().toISOString(),
      actor: { accountId: 'x', role: 'city' },
      action: 'nomination.updated',
      changes: [{ field: 'deeds', before: null, after: '伪造' }],
      requestId: 'forged',
      prevHash: last.hash,
    });
    await ddb.send(
      new PutCommand({ TableName: stack.table, Item: { ...eventKey(id, 5), type: 'event', ...forged } }),
    );
    expect(await breakOf(id)).toMatchObject({ seq: 5, problem: 'head-mismatch' });
  });

  it('locates two events swapped', async () => {
    const id = await nominationWithHistory();
    const get = async (seq: number) =>
      (await ddb.send(new GetCommand({ TableName: stack.table, Key: eventKey(id, seq) }))).Item as Record<
        string,
        unknown
      >;
    const [two, three] = [await get(2), await get(3)];
    await ddb.send(new PutCommand({ TableName: stack.table, Item: { ...three, ...eventKey(id, 2) } }));
    await ddb.send(new PutCommand({ TableName: stack.table, Item: { ...two, ...eventKey(id, 3) } }));
    expect(await breakOf(id)).toMatchObject({ seq: 2, problem: 'reordered' });
  });

  it('reports the same through npm run audit:verify -- --local, with a failing exit code', async () => {
    const failed = await runCli(['--local', '--json', '--campaign', CAMPAIGN]);
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report.ok).toBe(false);
    expect([...new Set(report.breaks.map((b: { problem: string }) => b.problem))]).toEqual(
      expect.arrayContaining(['edited', 'missing', 'head-mismatch', 'reordered']),
    );
  });

  it('catches a rewrite with recomputed hashes against the newest anchor', async () => {
    const id = await nominationWithHistory();
    const city = await tokenFor('city');
    const anchored = await api('POST', '/api/audit/anchors', { token: city });
    expect(anchored.status).toBe(201);
    expect(anchored.body.key).toMatch(new RegExp(`^audit-anchors/${CAMPAIGN}/`));
    expect(await breakOf(id)).toBeUndefined();
    // A perfect forgery: event 2 changed, its hash and every later one recomputed, the record's head moved.
    const events = await chainEvents(`NOM#${id}`);
    let prev = events[0]?.hash as string;
    for (const item of events.slice(1)) {
      const { pk, sk, gsi1pk, gsi1sk, type, hash: _old, ...body } = item;
      if (body.seq === 2) body.changes = [{ field: 'phone', before: '13903930001', after: '13900000000' }];
      const sealed = await sealEvent({ ...(body as Parameters<typeof sealEvent>[0]), prevHash: prev });
      await ddb.send(
        new PutCommand({ TableName: stack.table, Item: { pk, sk, gsi1pk, gsi1sk, type, ...sealed } }),
      );
      prev = sealed.hash;
    }
    await ddb.send(
      new UpdateCommand({
        TableName: stack.table,
        Key: { pk: `NOM#${id}`, sk: 'NOM' },
        UpdateExpression: 'SET auditHead = :h',
        ExpressionAttributeValues: { ':h': prev },
      }),
    );
    expect((await api('GET', `/api/nominations/${id}/history`, { token: auditor })).body.verified).toBe(true);
    const report = await verifyAudit(auditor);
    expect(report.anchor.key).toBe(anchored.body.key);
    expect(report.breaks.find((b: { chain: string }) => b.chain === `NOM#${id}`)).toMatchObject({
      seq: 4,
      problem: 'rewritten',
    });
  });

  it('finds from the records alone the head the events lead to, logs and anchors included', async () => {
    const t = await newCampaign();
    const { campaignAuditHead } = await import('#lib/audit');
    const id = (
      await api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'worker', form: workerForm(t.campaign.assessmentYears) },
      })
    ).body.id;
    await api('PATCH', `/api/nominations/${id}`, {
      token: t.tokens.unit,
      body: { version: 1, form: { phone: '13903930009' } },
    });
    expect((await api('GET', `/api/nominations/${id}`, { token: t.tokens.auditor })).status).toBe(200);
    expect((await api('POST', '/api/audit/anchors', { token: t.tokens.city })).status).toBe(201);
    const report = await verifyAudit(t.tokens.auditor);
    expect(report.ok).toBe(true);
    expect(report.chains).toBeGreaterThanOrEqual(5); // campaign, units, accounts, the nomination, reads, anchors
    expect(await campaignAuditHead(t.campaign.id)).toBe(report.headHash);
  });

  it('exports the log as JSONL that ends with the head hash', async () => {
    const r = await api('POST', '/api/audit/log', { token: auditor });
    expect(r.status).toBe(201);
    const text = await (await fetch(r.body.url)).text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const head = lines[lines.length - 1];
    expect(head).toMatchObject({ type: 'head', headHash: r.body.headHash, events: lines.length - 1 });
    const events = lines.slice(0, -1);
    expect(events.some((e) => e.action === 'campaign.created')).toBe(true);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    expect(text).not.toContain(ID);
  });
});

describe('personal data', () => {
  it('lets the region’s county reveal a submitted nominee’s ID number, logging each reveal; others may not', async () => {
    const t = await newCampaign();
    const draft = (
      await api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'worker', form: workerForm(t.campaign.assessmentYears) },
      })
    ).body.id;
    // a draft is the unit's own: not even its county reveals anything of it
    expect(
      (await api('POST', `/api/nominations/${draft}/id-number`, { token: t.tokens.county })).status,
    ).toBe(404);
    const id = await submitted(t, 'worker', '李建国');
    const r = await api('POST', `/api/nominations/${id}/id-number`, { token: t.tokens.county });
    expect(r.status).toBe(200);
    expect(r.body.idNumber).toBe(ID);
    const events = await chainEvents(`NOM#${id}`);
    expect(events.at(-1)).toMatchObject({ action: 'pii.id_number_revealed', actor: { role: 'county' } });
    expect((await api('POST', `/api/nominations/${id}/id-number`, { token: t.tokens.unit })).status).toBe(
      403,
    );
    expect((await api('POST', `/api/nominations/${id}/id-number`, { token: t.tokens.auditor })).status).toBe(
      403,
    );
    const other = await newAccount(t.campaign, 'county', '范县（审核）', 'fanxian');
    expect((await api('POST', `/api/nominations/${id}/id-number`, { token: other.token })).status).toBe(404);
  }, 120_000);

  it('logs every read of a nominee’s full record in the reader’s chain', async () => {
    const id = (
      await api('POST', '/api/nominations', {
        token: unit,
        body: { category: 'worker', form: workerForm(years) },
      })
    ).body.id;
    // the auditor reads drafts (reviewers do not: a draft is the unit's own)
    const me = (await api('GET', '/api/me', { token: auditor })).body.principal.accountId;
    const before = (await chainEvents(`READS#${me}`)).length;
    expect((await api('GET', `/api/nominations/${id}`, { token: auditor })).status).toBe(200);
    const after = await chainEvents(`READS#${me}`);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      action: 'pii.nomination_read',
      changes: [{ field: 'nomination', after: id }],
    });
  });

  it('never returns a whole ID number on any route that returns a person', async () => {
    const created = await api('POST', '/api/nominations', {
      token: unit,
      body: { category: 'worker', form: workerForm(years) },
    });
    const id = created.body.id;
    const answers = [
      created,
      await api('PATCH', `/api/nominations/${id}`, {
        token: unit,
        body: { version: 1, form: { awards: '无' } },
      }),
      await api('GET', `/api/nominations/${id}`, { token: unit }),
      await api('GET', `/api/nominations/${id}`, { token: auditor }),
      await api('GET', '/api/nominations?limit=100', { token: county }),
      await api('GET', `/api/nominations/${id}/history`, { token: auditor }),
    ];
    for (const a of answers) {
      expect(a.status).toBeLessThan(300);
      expect(JSON.stringify(a.body)).not.toContain(ID);
    }
    expect(answers[2]?.body.idNumberMasked).toBe(`410902********${ID.slice(-4)}`);
  });
});

describe('auditors are read-only', () => {
  // Public routes take no token, so no role is refused there; they change no record of an auditor's.
  const writes = routes.filter((r) => r.method !== 'GET' && !r.readOnly && r.access !== 'public');

  it('finds the write routes in the route table, none open to auditors', () => {
    expect(writes.length).toBeGreaterThanOrEqual(4);
    for (const r of writes) expect(r.access, r.id).not.toContain('auditor');
  });

  for (const r of routes.filter((x) => x.method !== 'GET' && !x.readOnly && x.access !== 'public')) {
    it(`refuses the auditor on ${r.method} ${r.path}`, async () => {
      const path = r.path.replace(/\{\w+\}/g, '01HMB7Z4Q1PYCZ2024YKT00001');
      const answer = await api(r.method, path, { token: auditor, body: {} });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('forbidden');
    });
  }
});

describe('what auditors browse', () => {
  it('filters the whole campaign by region, unit, category and state, discarded drafts included', async () => {
    const me = (await api('GET', '/api/me', { token: unit })).body.principal;
    const draft = (await api('POST', '/api/nominations', { token: unit, body: { category: 'collective' } }))
      .body.id;
    await api('DELETE', `/api/nominations/${draft}`, { token: unit });
    const byUnit = await api(
      'GET',
      `/api/nominations?limit=100&unit=${me.unitId}&category=collective&status=discarded`,
      {
        token: auditor,
      },
    );
    expect(byUnit.status).toBe(200);
    expect(byUnit.body.items.map((n: { id: string }) => n.id)).toContain(draft);
    expect(
      byUnit.body.items.every(
        (n: { category: string; status: string }) => n.category === 'collective' && n.status === 'discarded',
      ),
    ).toBe(true);
    const shizhi = await api('GET', '/api/nominations?limit=100&region=shizhi&status=draft', {
      token: auditor,
    });
    expect(shizhi.body.items.every((n: { regionId: string }) => n.regionId === 'shizhi')).toBe(true);
    const countyView = await api('GET', `/api/nominations?limit=100&status=discarded`, { token: county });
    expect(countyView.body.items).toEqual([]);
    expect((await api('GET', '/api/nominations?status=lost', { token: auditor })).body.error.field).toBe(
      'status',
    );
    expect((await api('GET', '/api/nominations?colour=red', { token: auditor })).status).toBe(400);
  });
});
