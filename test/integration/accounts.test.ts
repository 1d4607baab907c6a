import ExcelJS from 'exceljs';
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

  it('imports units from an .xlsx file (its first worksheet) through the same checks, and refuses other files', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('推荐单位');
    ws.addRow(['序号', '县区', '单位名称']);
    ws.addRow([1, '华龙区', '华龙区水利局']);
    ws.addRow([]);
    ws.addRow([2, '范县', { richText: [{ text: '范县' }, { text: '审计局' }] }]);
    wb.addWorksheet('说明').addRow(['火星区', '不导入']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const good = await api('POST', '/api/accounts/import', { token: t.tokens.city, body: { xlsx } });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
    expect(
      good.body.issued.map((i: { account: { name: string; regionId: string } }) => [
        i.account.name,
        i.account.regionId,
      ]),
    ).toEqual([
      ['华龙区水利局', 'hualong'],
      ['范县审计局', 'fanxian'],
    ]);
    const accounts = (await api('GET', '/api/accounts', { token: t.tokens.city })).body.accounts;
    expect(accounts.filter((a: { name: string }) => /水利局|范县审计局/.test(a.name))).toHaveLength(2);
    const unit = await login(good.body.issued[1].code);
    expect(unit.body.principal).toMatchObject({ role: 'unit', regionId: 'fanxian', name: '范县审计局' });

    // A bad row in the sheet names its row number, and nothing is created.
    ws.addRow([3, '火星区', '某单位']);
    const bad = await api('POST', '/api/accounts/import', {
      token: t.tokens.city,
      body: { xlsx: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'rows', message: '第 5 行：地区“火星区”不在本活动中' });
    expect((await api('GET', '/api/accounts', { token: t.tokens.city })).body.accounts).toHaveLength(
      accounts.length,
    );

    const notXlsx = await api('POST', '/api/accounts/import', {
      token: t.tokens.city,
      body: { xlsx: Buffer.from('地区,单位名称\n华龙区,甲').toString('base64') },
    });
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body.error).toMatchObject({ code: 'xlsx_invalid', field: 'xlsx' });
    const tooLarge = await api('POST', '/api/accounts/import', {
      token: t.tokens.city,
      body: { xlsx: 'A'.repeat(800 * 1024) },
    });
    expect(tooLarge.status).toBe(413);
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
