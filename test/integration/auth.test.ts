import { describe, expect, it } from 'vitest';
import { api, callFrom, demoCode, stack, tokenFor } from '../support/stack.ts';

describe('health, login and the token', () => {
  it('answers health without a token, with security headers', async () => {
    const r = await api('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('strict-transport-security')).toContain('max-age=');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('exchanges a demo code for a token that names the account', async () => {
    const code = demoCode('unit');
    const r = await api('POST', '/api/auth/login', { body: { code: code.toLowerCase().replace(/-/g, ' ') } });
    expect(r.status).toBe(200);
    expect(r.body.principal).toMatchObject({ role: 'unit', regionId: 'hualong', name: '华龙区财政局' });
    const me = await api('GET', '/api/me', { token: r.body.token });
    expect(me.status).toBe(200);
    expect(me.body.principal.accountId).toBe(r.body.principal.accountId);
  });

  it('refuses a wrong code and an unknown code alike, without saying which', async () => {
    const real = demoCode('unit');
    // the last character changed (to one it is not: codes are random, and may end in Z)
    const other = real.endsWith('Z') ? 'Y' : 'Z';
    const wrong = await api('POST', '/api/auth/login', { body: { code: `${real.slice(0, -1)}${other}` } });
    const unknown = await api('POST', '/api/auth/login', { body: { code: 'NOPE-NOPE-NOPE' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('login_failed');
  });

  it('limits failed attempts per code: the sixth try waits, with Retry-After', async () => {
    const code = 'AAAA-BBBB-CCCC';
    for (let i = 0; i < 5; i++)
      expect((await api('POST', '/api/auth/login', { body: { code } })).status).toBe(401);
    const r = await api('POST', '/api/auth/login', { body: { code } });
    expect(r.status).toBe(429);
    expect(r.body.error.message).toMatch(/分钟后再试/);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits failed attempts per client: past the limit even a right code waits', async () => {
    // Another loopback address is another client; 127.0.0.1 (the other tests) is unaffected.
    for (let i = 0; i < 30; i++) {
      const r = await callFrom('127.0.0.2', 'POST', '/api/auth/login', {
        code: `WRNG-${String(i).padStart(4, '0')}-XXXX`,
      });
      expect(r.status).toBe(401);
    }
    const right = await callFrom('127.0.0.2', 'POST', '/api/auth/login', { code: demoCode('city') });
    expect(right.status).toBe(429);
    const elsewhere = await api('POST', '/api/auth/login', { body: { code: demoCode('city') } });
    expect(elsewhere.status).toBe(200);
  });

  it('refuses missing, forged and malformed tokens with 401', async () => {
    expect((await api('GET', '/api/me')).status).toBe(401);
    const token = await tokenFor('unit');
    const [h, p] = token.split('.');
    const forged = `${h}.${p}.${'A'.repeat(43)}`;
    const r = await api('GET', '/api/me', { token: forged });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_invalid');
    expect((await api('GET', '/api/me', { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('answers malformed login bodies with 4xx and a Chinese message', async () => {
    const cases: [unknown, Record<string, string> | undefined, number, string][] = [
      ['{not json', undefined, 400, 'malformed_json'],
      [{ code: 123 }, undefined, 400, 'validation_failed'],
      [{ code: 'X', extra: 1 }, undefined, 400, 'unknown_field'],
      ['code=abc', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
      [{ code: 'x'.repeat(70_000) }, undefined, 413, 'payload_too_large'],
    ];
    for (const [body, headers, status, code] of cases) {
      const r = await api('POST', '/api/auth/login', { body, ...(headers ? { headers } : {}) });
      expect(r.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('answers unknown routes and methods as JSON errors', async () => {
    expect((await api('GET', '/api/nope')).body.error.code).toBe('route_not_found');
    expect((await api('PUT', '/api/health')).status).toBe(405);
  });

  it('serves the OpenAPI 3.1 document generated from the route table', async () => {
    const r = await api('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(
      r.body.paths['/api/nominations/{id}'].patch.requestBody.content['application/json'].schema.required,
    ).toContain('version');
    expect(stack.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});
