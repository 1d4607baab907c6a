/**
 * Client mistakes that used to end in a 500 (closing a publicity never held, a foreign list
 * cursor, a malformed %-escape in a path), what reviewers see of a unit's unsubmitted work, and
 * the OpenAPI document against what the handlers really read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { ok, submitted } from '../support/process.ts';
import { send } from '../support/security.ts';
import { api } from '../support/stack.ts';

let t: TestCampaign;
let draft: string;
let sent: string;

beforeAll(async () => {
  t = await newCampaign();
  draft = (
    await ok(
      api('POST', '/api/nominations', {
        token: t.tokens.unit,
        body: { category: 'collective', form: { unitName: '未报送的草稿' } },
      }),
      201,
    )
  ).id;
  sent = await submitted(t, 'collective', '已报送的集体');
}, 180_000);

describe('client mistakes are 4xx, never 500', () => {
  it('closing a unit publicity that was never started is a 409', async () => {
    const r = await api('POST', `/api/nominations/${draft}/unit-publicity/close`, {
      token: t.tokens.unit,
      body: { outcome: 'no_objection' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a well-formed cursor that is not one we handed out is a 400 naming the cursor', async () => {
    for (const cursor of [
      'eyJhIjoiYiJ9', // {"a":"b"}
      Buffer.from(JSON.stringify({ pk: 'NOM#X', sk: 'NOM', gsi1pk: 'UNIT#X', gsi1sk: 'NOM#X' })).toString(
        'base64url',
      ),
      'not base64 at all!',
    ]) {
      const r = await api('GET', `/api/nominations?cursor=${encodeURIComponent(cursor)}`, {
        token: t.tokens.unit,
      });
      expect(r.status, cursor).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'bad_cursor', field: 'cursor' });
    }
  });

  it('a cursor handed to one caller is refused for another’s query, and works for its own', async () => {
    await ok(
      api('POST', '/api/nominations', { token: t.tokens.unit2, body: { category: 'collective' } }),
      201,
    );
    await ok(
      api('POST', '/api/nominations', { token: t.tokens.unit2, body: { category: 'collective' } }),
      201,
    );
    const first = await ok(api('GET', '/api/nominations?limit=1', { token: t.tokens.unit2 }));
    expect(first.nextCursor).toBeTruthy();
    const own = await api('GET', `/api/nominations?limit=1&cursor=${first.nextCursor}`, {
      token: t.tokens.unit2,
    });
    expect(own.status).toBe(200);
    expect(own.body.items[0].id).not.toBe(first.items[0].id);
    const other = await api('GET', `/api/nominations?limit=1&cursor=${first.nextCursor}`, {
      token: t.tokens.unit,
    });
    expect(other.status).toBe(400);
    expect(other.body.error.field).toBe('cursor');
  });

  it('a malformed %-escape in a path is a 400 with the security headers', async () => {
    for (const path of ['/api/nominations/%', '/api/regions/%E4%B8/report', '/api/nominations/%zz/history']) {
      const r = await send('GET', path, { token: t.tokens.county });
      if (r === 'hang') throw new Error('hang');
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text).error).toMatchObject({ code: 'bad_path' });
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toContain("default-src 'none'");
      expect(r.headers['strict-transport-security']).toContain('max-age=');
    }
  });
});

describe('a unit’s unsubmitted work is its own', () => {
  it('reviewers get 404 on a draft, its history, scans and ID number; auditors read it', async () => {
    for (const token of [t.tokens.county, t.tokens.city]) {
      for (const [method, path] of [
        ['GET', `/api/nominations/${draft}`],
        ['GET', `/api/nominations/${draft}/history`],
        ['GET', `/api/nominations/${draft}/scans`],
        ['POST', `/api/nominations/${draft}/id-number`],
      ] as const) {
        const r = await api(method, path, { token });
        expect(r.status, path).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain('未报送的草稿');
      }
    }
    expect((await api('GET', `/api/nominations/${draft}`, { token: t.tokens.auditor })).status).toBe(200);
  });

  it('reviewers’ lists hold what was submitted, not drafts; the dashboard counts them', async () => {
    for (const token of [t.tokens.county, t.tokens.city]) {
      const list = await ok(api('GET', '/api/nominations?limit=100', { token }));
      const listed = list.items.map((n: { id: string }) => n.id);
      expect(listed).toContain(sent);
      expect(listed).not.toContain(draft);
      const drafts = await ok(
        api('GET', '/api/nominations?limit=100&region=hualong&status=draft', { token }),
      );
      expect(drafts.items).toEqual([]);
    }
    const dashboard = await ok(
      api('GET', `/api/campaigns/${t.campaign.id}/dashboard`, { token: t.tokens.city }),
    );
    const hualong = dashboard.regions.find((r: { regionId: string }) => r.regionId === 'hualong');
    expect(hualong.categories.collective.counts.draft).toBeGreaterThanOrEqual(1);
  });
});

describe('the OpenAPI document and the handlers read the same bodies', () => {
  it('lists a request body for exactly the routes whose handler reads one', async () => {
    const doc = (await ok(api('GET', '/api/openapi.json'))).paths;
    const params = {
      id: draft,
      region: 'hualong',
      department: 'personnel',
      case: '01HMB7Z4Q1PYCZ2024YKT00009',
    };
    const readsBody: string[] = [];
    for (const r of routes) {
      const role = r.access === 'public' ? undefined : r.access[0];
      const path = r.path.replace(/\{(\w+)\}/g, (_, n: keyof typeof params) => params[n]);
      // a body that is valid JSON but no route's valid body: every handler refuses it before acting
      const answer = await send(r.method, path, {
        ...(role ? { token: t.tokens[role] } : {}),
        body: '{"openapiProbe":1}',
        from: '127.0.40.1',
      });
      if (answer === 'hang') throw new Error(`hang: ${r.id}`);
      const code = answer.text ? JSON.parse(answer.text)?.error?.code : undefined;
      const noBody = code === 'no_body_expected';
      const documented = doc[r.path][r.method.toLowerCase()].requestBody;
      expect(
        !!documented,
        `${r.method} ${r.path}: answered ${answer.status} ${answer.text.slice(0, 80)}`,
      ).toBe(!noBody);
      if (!noBody) readsBody.push(r.id);
    }
    expect(readsBody).toContain('requestScanUpload');
    expect(readsBody.length).toBe(routes.filter((r) => r.body).length);
  });
});
