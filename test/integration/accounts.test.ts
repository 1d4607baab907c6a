import { beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { api } from '../support/stack.ts';

let t: TestCampaign;
beforeAll(async () => {
  t = await newCampaign();
}, 60_000);

const login = (code: string) => api('POST', '/api/auth/login', { body: { code } });

describe('the city office issues and withdraws access codes', () => {
  it('creates a unit account whose code is shown once and logs in to that unit', async () => {
    const r = await api('POST', '/api/accounts', {
      token: t.tokens.city,
      body: { role: 'unit', name: '华龙区农业农村局', regionId: 'hualong' },
    });
    expect(r.status).toBe(201);
    expect(r.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(r.body.account).not.toHaveProperty('codeHash');
    const me = await login(r.body.code);
    expect(me.body.principal).toMatchObject({ role: 'unit', regionId: 'hualong', name: '华龙区农业农村局' });
    const list = await api('GET', '/api/accounts', { token: t.tokens.city });
    expect(JSON.stringify(list.body)).not.toContain(r.body.code);
    expect(list.body.accounts.some((a: { name: string }) => a.name === '华龙区农业农村局')).toBe(true);
  });

  it('needs a region for units and county reviewers', async () => {
    const r = await api('POST', '/api/accounts', {
      token: t.tokens.city,
      body: { role: 'county', name: '某县' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('regionId');
  });

  it('imports units from a list, refusing the whole list when one line is wrong', async () => {
    const bad = await api('POST', '/api/accounts/import', {
      token: t.tokens.city,
      body: { csv: '地区,单位名称\n华龙区,甲单位\n火星区,乙单位' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/第 3 行：地区“火星区”不在本活动中/);
    const before = (await api('GET', '/api/accounts', { token: t.tokens.city })).body.accounts.length;
    const good = await api('POST', '/api/accounts/import', {
      token: t.tokens.city,
      body: { csv: '地区,单位名称\n华龙区,甲单位\n范县，乙单位\r\n' },
    });
    expect(good.status).toBe(201);
    expect(
      good.body.issued.map((i: { account: { name: string; regionId: string } }) => [
        i.account.name,
        i.account.regionId,
      ]),
    ).toEqual([
      ['甲单位', 'hualong'],
      ['乙单位', 'fanxian'],
    ]);
    expect((await api('GET', '/api/accounts', { token: t.tokens.city })).body.accounts.length).toBe(
      before + 2,
    );
  });

  it('reissues a code: the old one stops working, the new one works', async () => {
    const made = (
      await api('POST', '/api/accounts', {
        token: t.tokens.city,
        body: { role: 'auditor', name: '第二审计' },
      })
    ).body;
    const again = await api('POST', `/api/accounts/${made.account.accountId}/code`, { token: t.tokens.city });
    expect(again.status).toBe(200);
    expect((await login(made.code)).status).toBe(401);
    expect((await login(again.body.code)).status).toBe(200);
  });

  it('revokes an account: its code and its live token are refused at once', async () => {
    const made = (
      await api('POST', '/api/accounts', {
        token: t.tokens.city,
        body: { role: 'unit', name: '临时单位', regionId: 'hualong' },
      })
    ).body;
    const token = (await login(made.code)).body.token;
    expect((await api('GET', '/api/me', { token })).status).toBe(200);
    expect(
      (await api('POST', `/api/accounts/${made.account.accountId}/revoke`, { token: t.tokens.city })).status,
    ).toBe(200);
    const refused = await api('GET', '/api/me', { token });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('account_inactive');
    expect((await login(made.code)).status).toBe(401);
    const me = (await api('GET', '/api/me', { token: t.tokens.city })).body.principal.accountId;
    expect((await api('POST', `/api/accounts/${me}/revoke`, { token: t.tokens.city })).status).toBe(409);
  });

  it('keeps accounts of other campaigns out of reach', async () => {
    const other = await newCampaign();
    const made = (
      await api('POST', '/api/accounts', {
        token: other.tokens.city,
        body: { role: 'auditor', name: '他处审计' },
      })
    ).body;
    expect(
      (await api('POST', `/api/accounts/${made.account.accountId}/revoke`, { token: t.tokens.city })).status,
    ).toBe(404);
  }, 60_000);
});
