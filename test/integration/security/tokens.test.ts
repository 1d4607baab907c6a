/**
 * Token forgeries and the end of sessions. Every forged token (no algorithm, a wrong key, another
 * algorithm, even HS512 with the real key; expired; a claim missing or wrong; a tampered payload)
 * is a 401; a token signed with the real key and every claim is accepted, so the forgeries fail
 * for what they change and not for how they are built. Revoking an account and reissuing its
 * code each end every session signed before, at once, and a reissue after a revocation brings
 * none of them back.
 */
import { readFileSync } from 'node:fs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, newUnit, type TestCampaign } from '../../support/campaigns.ts';
import { ok } from '../../support/process.ts';
import { send, Tally } from '../../support/security.ts';
import { api, stack } from '../../support/stack.ts';

const tally = new Tally('token forgeries and sessions');
let t: TestCampaign;
let unit: { token: string; code: string; accountId: string };
const secret = new TextEncoder().encode(readFileSync(stack.tokenSecretFile, 'utf8').trim());
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  t = await newCampaign();
  unit = await newUnit(t.campaign, '华龙区令牌测试局');
}, 120_000);

afterAll(() => tally.print());

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A token with exactly these claims, signed with `key` under `alg`. */
async function signed(
  claims: Record<string, unknown>,
  key: Parameters<SignJWT['sign']>[0] = secret,
  alg = 'HS256',
) {
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(key);
}

/** What /api/me answers for a token. */
async function me(token: string) {
  const r = tally.count(await send('GET', '/api/me', { token }), 'GET /api/me');
  if (r === 'hang') throw new Error('hang');
  return { status: r.status, code: JSON.parse(r.text)?.error?.code as string | undefined, text: r.text };
}

describe('token forgeries', () => {
  const valid = () => ({
    sub: unit.accountId,
    role: 'unit',
    ep: 0,
    iss: 'pingxuan',
    iat: now(),
    exp: now() + 600,
  });

  it('accepts a token with every claim signed with the real key (the harness forges correctly)', async () => {
    expect((await me(await signed(valid()))).status).toBe(200);
    // a token signed before campaigns ran side by side (no cid) acts in the account's own campaign
    expect(JSON.parse((await me(await signed(valid()))).text).principal.campaignId).toBe(t.campaign.id);
    const scoped = await me(await signed({ ...valid(), cid: t.campaign.id }));
    expect(JSON.parse(scoped.text).principal.campaignId).toBe(t.campaign.id);
  });

  it('refuses each forgery with 401', async () => {
    const { privateKey: rsa, publicKey: rsaPublic } = await generateKeyPair('RS256', { extractable: true });
    const { privateKey: ec } = await generateKeyPair('ES256');
    const { iat: _iat, ...noIat } = valid();
    const { exp: _exp, ...noExp } = valid();
    const { iss: _iss, ...noIss } = valid();
    const { ep: _ep, ...noEpoch } = valid();
    const real = await signed(valid());
    const [h, , s] = real.split('.');
    const forgeries: Record<string, string> = {
      'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(valid())}.`,
      'alg none, signature kept': `${b64({ alg: 'none' })}.${b64(valid())}.${s}`,
      'wrong key': await signed(valid(), new TextEncoder().encode('x'.repeat(48))),
      RS256: await signed(valid(), rsa, 'RS256'),
      ES256: await signed(valid(), ec, 'ES256'),
      'HS512 with the real key': await signed(valid(), secret, 'HS512'),
      'a public key given as the HMAC key': await signed(
        valid(),
        new TextEncoder().encode(JSON.stringify(await exportJWK(rsaPublic))),
      ),
      expired: await signed({ ...valid(), iat: now() - 7200, exp: now() - 60 }),
      'no exp': await signed(noExp),
      'no iat': await signed(noIat),
      'no iss': await signed(noIss),
      'wrong iss': await signed({ ...valid(), iss: 'someone-else' }),
      'no session epoch': await signed(noEpoch),
      'a future session epoch': await signed({ ...valid(), ep: 1 }),
      'an unknown role': await signed({ ...valid(), role: 'admin' }),
      'no subject': await signed({ ...valid(), sub: undefined }),
      'a campaign the account takes no part in': await signed({
        ...valid(),
        cid: '01HMB7Z4Q1PYCZ2024YKT00009',
      }),
      'a campaign id that is not a string': await signed({ ...valid(), cid: 7 }),
      'tampered payload (another campaign)': `${h}.${b64({ ...valid(), cid: '01HMB7Z4Q1PYCZ2024YKT00001' })}.${s}`,
      'tampered payload (role city)': `${h}.${b64({ ...valid(), role: 'city' })}.${s}`,
      'tampered payload (another account)': `${h}.${b64({ ...valid(), sub: '01HMB7Z4Q1PYCZ2024YKT00009' })}.${s}`,
      'two parts': `${h}.${b64(valid())}`,
      garbage: 'not-a-jwt',
    };
    for (const [name, token] of Object.entries(forgeries)) {
      const r = await me(token);
      expect(r.status, name).toBe(401);
      expect(r.text, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('revocation and reissue end every earlier session at once', () => {
  it('a reissued code ends the sessions of the old one; the new code signs in', async () => {
    const before = unit.token;
    expect((await me(before)).status).toBe(200);
    const issued = await ok(api('POST', `/api/accounts/${unit.accountId}/code`, { token: t.tokens.city }));
    const r = await me(before);
    expect(r.status).toBe(401);
    expect(r.code).toBe('session_ended');
    expect(JSON.parse(r.text).error.message).toMatch(/重新登录/);
    expect((await api('POST', '/api/auth/login', { body: { code: unit.code } })).status).toBe(401);
    const fresh = await ok(api('POST', '/api/auth/login', { body: { code: issued.code } }));
    expect((await me(fresh.token)).status).toBe(200);
    unit = { ...unit, token: fresh.token, code: issued.code };
  });

  it('a revocation ends every session, and a reissue after it brings none back', async () => {
    const second = (await ok(api('POST', '/api/auth/login', { body: { code: unit.code } }))).token;
    const sessions = [unit.token, second];
    await ok(api('POST', `/api/accounts/${unit.accountId}/revoke`, { token: t.tokens.city }));
    for (const s of sessions) expect((await me(s)).status).toBe(401);
    const issued = await ok(api('POST', `/api/accounts/${unit.accountId}/code`, { token: t.tokens.city }));
    for (const s of sessions) {
      const r = await me(s);
      expect(r.status).toBe(401);
      expect(r.code).toBe('session_ended');
    }
    const fresh = await ok(api('POST', '/api/auth/login', { body: { code: issued.code } }));
    expect((await me(fresh.token)).status).toBe(200);
    tally.expectClean();
  });

  it('records each end of sessions in the account’s history', async () => {
    const accounts = await ok(api('GET', '/api/accounts', { token: t.tokens.auditor }));
    const mine = accounts.accounts.find((x: { accountId: string }) => x.accountId === unit.accountId);
    expect(mine.sessionEpoch).toBe(3);
    expect(mine.revokedAt).toBeUndefined();
  });
});
