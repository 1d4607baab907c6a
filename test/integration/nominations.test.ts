import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, sha256Hex } from '#shared/audit';
import { collectiveForm, idNumber, workerForm } from '../support/forms.ts';
import { api, chainEvents, ddb, stack, tokenFor } from '../support/stack.ts';

const CAMPAIGN = '01HMB7Z4Q1PYCZ2024YKT00001';
let unitA: string;
let unitB: string;
let unitShizhi: string;
let county: string;
let otherCounty: string;
let years: number[];

beforeAll(async () => {
  unitA = await tokenFor('unit', { index: 0 });
  unitB = await tokenFor('unit', { index: 1 });
  unitShizhi = await tokenFor('unit', { regionId: 'shizhi' });
  county = await tokenFor('county', { regionId: 'hualong' });
  otherCounty = await tokenFor('county', { regionId: 'fanxian' });
  years = (await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: unitA })).body.campaign.assessmentYears;
});

async function stored(id: string) {
  return (await ddb.send(new GetCommand({ TableName: stack.table, Key: { pk: `NOM#${id}`, sk: 'NOM' } })))
    .Item;
}

describe('the campaign as a unit sees it', () => {
  it('shows title, 文号, deadline and its own region quota with use', async () => {
    const r = await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: unitA });
    expect(r.status).toBe(200);
    expect(r.body.campaign.docNumber).toBe('濮人社函〔2024〕2号');
    expect(r.body.campaign.deadlines.countyToCity).toMatch(/-01-18$/);
    expect(r.body.campaign.totals).toEqual({ collective: 36, worker: 52 });
    expect(r.body.quotas).toHaveLength(2);
    expect(r.body.quotas).toContainEqual({ regionId: 'hualong', category: 'worker', quota: 6, used: 0 });
    expect(r.body.quotas).toContainEqual({ regionId: 'hualong', category: 'collective', quota: 4, used: 0 });
  });

  it('gives the city office every region and hides other campaigns', async () => {
    const city = await tokenFor('city');
    const r = await api('GET', `/api/campaigns/${CAMPAIGN}`, { token: city });
    expect(r.body.quotas).toHaveLength(20);
    expect((await api('GET', '/api/campaigns/01HMB7Z4Q1PYCZ2024YKT00002', { token: city })).status).toBe(404);
  });
});

describe('a unit nominates', () => {
  it('creates a complete worker nomination with nothing left to do but the photo', async () => {
    const r = await api('POST', '/api/nominations', {
      token: unitA,
      body: { category: 'worker', form: workerForm(years) },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'draft',
      version: 1,
      regionId: 'hualong',
      unitName: '华龙区财政局',
      category: 'worker',
    });
    expect(r.body.form.idNumber).toBeUndefined();
    expect(r.body.idNumberMasked).toBe(`410902********${idNumber('19850615', '男').slice(-4)}`);
    expect(r.body.problems).toEqual([]);
  });

  it('creates a collective nomination with every field', async () => {
    const r = await api('POST', '/api/nominations', {
      token: unitA,
      body: { category: 'collective', form: collectiveForm() },
    });
    expect(r.status).toBe(201);
    expect(r.body.form.staffCount).toBe(86);
    expect(r.body.problems).toEqual([]);
  });

  it('saves an incomplete draft and says what is missing; eligibility problems are listed', async () => {
    const form = { name: '王芳', assessments: [{ year: years[0], result: '基本称职' }] };
    const r = await api('POST', '/api/nominations', { token: unitA, body: { category: 'worker', form } });
    expect(r.status).toBe(201);
    const fields = r.body.problems.map((p: { field: string }) => p.field);
    expect(fields).toContain('idNumber');
    expect(fields).toContain('deeds');
    expect(r.body.problems.map((p: { message: string }) => p.message).join()).toMatch(/称职（合格）及以上/);
  });

  it('refuses invalid fields with the field named and a Chinese reason, writing nothing', async () => {
    const bad: [Record<string, unknown>, string, RegExp][] = [
      [{ idNumber: '410902198506151230' }, 'idNumber', /校验位/],
      [
        { idNumber: idNumber('19850615', '男'), birthMonth: '1986-06' },
        'birthMonth',
        /出生年月与身份证号不一致/,
      ],
      [{ idNumber: idNumber('19850615', '男'), sex: '女' }, 'sex', /性别与身份证号不一致/],
      [{ phone: '12345' }, 'phone', /手机号/],
      [{ summary: '字'.repeat(201) }, 'summary', /200 字/],
      [{ ethnicity: '火星族' }, 'ethnicity', /民族/],
      [{ nickname: 'x' }, 'nickname', /不接受的字段/],
    ];
    for (const [form, field, message] of bad) {
      const r = await api('POST', '/api/nominations', { token: unitA, body: { category: 'worker', form } });
      expect(r.status, field).toBe(400);
      expect(r.body.error.field).toBe(field);
      expect(r.body.error.message).toMatch(message);
    }
    const wrongCategory = await api('POST', '/api/nominations', { token: unitA, body: { category: 'hero' } });
    expect(wrongCategory.status).toBe(400);
    expect(wrongCategory.body.error.field).toBe('category');
  });

  it('edits with the version it read; a stale version is a 409 that changes nothing', async () => {
    const created = (
      await api('POST', '/api/nominations', {
        token: unitA,
        body: { category: 'worker', form: { name: '赵六' } },
      })
    ).body;
    const ok = await api('PATCH', `/api/nominations/${created.id}`, {
      token: unitA,
      body: { version: 1, form: { phone: '13903930002', name: null } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    expect(ok.body.form).toEqual({ phone: '13903930002' });
    const stale = await api('PATCH', `/api/nominations/${created.id}`, {
      token: unitA,
      body: { version: 1, form: { name: '钱七' } },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const item = await stored(created.id);
    expect(item?.version).toBe(2);
    expect(item?.form.name).toBeUndefined();
  });

  it('checks the merged form: a new ID number must agree with the stored birth month', async () => {
    const created = (
      await api('POST', '/api/nominations', {
        token: unitA,
        body: { category: 'worker', form: { birthMonth: '1990-01', sex: '女' } },
      })
    ).body;
    const r = await api('PATCH', `/api/nominations/${created.id}`, {
      token: unitA,
      body: { version: 1, form: { idNumber: idNumber('19850615', '女') } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('birthMonth');
    expect((await stored(created.id))?.idNumber).toBeUndefined();
  });

  it('deletes a draft by hiding it: gone for the unit, kept with its history', async () => {
    const created = (
      await api('POST', '/api/nominations', { token: unitA, body: { category: 'collective' } })
    ).body;
    const del = await api('DELETE', `/api/nominations/${created.id}`, { token: unitA });
    expect(del.status).toBe(200);
    expect(del.body.status).toBe('discarded');
    expect((await api('GET', `/api/nominations/${created.id}`, { token: unitA })).status).toBe(404);
    const list = await api('GET', '/api/nominations?limit=100', { token: unitA });
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(created.id);
    expect((await stored(created.id))?.status).toBe('discarded');
    const auditor = await tokenFor('auditor');
    expect((await api('GET', `/api/nominations/${created.id}`, { token: auditor })).status).toBe(200);
  });
});

describe('who sees what', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await api('POST', '/api/nominations', {
        token: unitA,
        body: { category: 'worker', form: workerForm(years) },
      })
    ).body.id;
  });

  it('hides a unit’s nominations from another unit: 404 on read, edit and delete', async () => {
    expect((await api('GET', `/api/nominations/${id}`, { token: unitB })).status).toBe(404);
    expect(
      (
        await api('PATCH', `/api/nominations/${id}`, {
          token: unitB,
          body: { version: 1, form: { name: '冒名' } },
        })
      ).status,
    ).toBe(404);
    expect((await api('DELETE', `/api/nominations/${id}`, { token: unitB })).status).toBe(404);
    expect((await api('GET', `/api/nominations/${id}`, { token: unitShizhi })).status).toBe(404);
    expect((await stored(id))?.version).toBe(1);
    const list = await api('GET', '/api/nominations?limit=100', { token: unitB });
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(id);
  });

  it('keeps a draft from the counties, its own region’s too, until it is submitted', async () => {
    // a draft is the unit's own (submitted ones: test/integration/hardening.test.ts)
    expect((await api('GET', `/api/nominations/${id}`, { token: county })).status).toBe(404);
    expect((await api('GET', `/api/nominations/${id}`, { token: otherCounty })).status).toBe(404);
    const list = await api('GET', '/api/nominations?limit=100', { token: otherCounty });
    expect(list.body.items).toEqual([]);
  });

  it('refuses writes to roles that may not make them', async () => {
    const r = await api('POST', '/api/nominations', { token: county, body: { category: 'worker' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(
      (
        await api('PATCH', `/api/nominations/${id}`, {
          token: await tokenFor('auditor'),
          body: { version: 1, form: {} },
        })
      ).status,
    ).toBe(403);
  });

  it('answers a malformed id with 404, not a lookup', async () => {
    expect((await api('GET', '/api/nominations/..%2F..%2Fetc', { token: unitA })).status).toBe(404);
    expect((await api('GET', '/api/nominations/01HMB7Z4Q1PYCZ2024YKT0000U', { token: unitA })).status).toBe(
      404,
    );
  });

  it('masks phones in lists but not in the unit’s own record', async () => {
    const list = await api('GET', '/api/nominations?limit=100', { token: unitA });
    const item = list.body.items.find((n: { id: string }) => n.id === id);
    expect(item.form.phone).toBe('139****0001');
    expect((await api('GET', `/api/nominations/${id}`, { token: unitA })).body.form.phone).toBe(
      '13903930001',
    );
  });
});

describe('lists page with a cursor', () => {
  it('walks every page once, newest first', async () => {
    const fresh = await tokenFor('unit', { regionId: 'shizhi' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await api('POST', '/api/nominations', { token: fresh, body: { category: 'collective' } })).body.id,
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await api('GET', `/api/nominations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: fresh,
      });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.body.items.map((n: { id: string }) => n.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen.slice(0, 5)).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a bad cursor or limit with 400', async () => {
    expect((await api('GET', '/api/nominations?cursor=%%%', { token: unitA })).status).toBe(400);
    expect((await api('GET', '/api/nominations?limit=1000', { token: unitA })).body.error.field).toBe(
      'limit',
    );
  });
});

describe('history', () => {
  it('appends a hash-linked event per change in the same transaction, ID numbers masked', async () => {
    const created = (
      await api('POST', '/api/nominations', {
        token: unitA,
        body: { category: 'worker', form: workerForm(years) },
      })
    ).body;
    await api('PATCH', `/api/nominations/${created.id}`, {
      token: unitA,
      body: { version: 1, form: { phone: '13903930009' } },
    });
    await api('DELETE', `/api/nominations/${created.id}`, { token: unitA });
    const events = await chainEvents(`NOM#${created.id}`);
    expect(events.map((e) => e.action)).toEqual([
      'nomination.created',
      'nomination.updated',
      'nomination.discarded',
    ]);
    let prev = GENESIS_HASH;
    for (const e of events) {
      const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _t, hash, ...body } = e;
      expect(body.prevHash).toBe(prev);
      expect(await sha256Hex(canonicalJson(body))).toBe(hash);
      prev = hash;
    }
    expect(events[1]?.changes).toEqual([{ field: 'phone', before: '13903930001', after: '13903930009' }]);
    expect(events[1]?.actor.role).toBe('unit');
    expect(JSON.stringify(events)).not.toContain(idNumber('19850615', '男'));
    const item = await stored(created.id);
    expect(item?.auditSeq).toBe(3);
    expect(item?.auditHead).toBe(prev);
  });
});

describe('personal data at rest', () => {
  it('stores the ID number sealed, never in plain text, and checks edits against it', async () => {
    const id = idNumber('19850615', '男');
    const created = (
      await api('POST', '/api/nominations', {
        token: unitA,
        body: { category: 'worker', form: workerForm(years) },
      })
    ).body;
    const item = await stored(created.id);
    expect(JSON.stringify(item)).not.toContain(id);
    expect(item?.idNumber).toMatchObject({
      masked: `410902********${id.slice(-4)}`,
      facts: { birthMonth: '1985-06', sex: '男' },
    });
    expect(item?.idNumber.sealed).toMatchObject({ v: 1, kid: 'local' });
    const clash = await api('PATCH', `/api/nominations/${created.id}`, {
      token: unitA,
      body: { version: 1, form: { birthMonth: '1990-01' } },
    });
    expect(clash.status).toBe(400);
    expect(clash.body.error.field).toBe('birthMonth');
    const cleared = await api('PATCH', `/api/nominations/${created.id}`, {
      token: unitA,
      body: { version: 1, form: { idNumber: null } },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.idNumberMasked).toBeUndefined();
    expect((await stored(created.id))?.idNumber).toBeUndefined();
  });
});
