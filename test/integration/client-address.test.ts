/**
 * The local runtime counts clients by their socket address: headers that claim another viewer
 * (CloudFront's, X-Forwarded-For, even an origin-secret header) change nothing, so a client
 * cannot spread its failed logins over invented addresses.
 */
import { describe, expect, it } from 'vitest';
import { api, callFrom, demoCode } from '../support/stack.ts';

describe('the login limit per client, through the local runtime', () => {
  it('counts one socket as one client whatever viewer headers it sends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await callFrom(
        '127.0.0.3',
        'POST',
        '/api/auth/login',
        { code: `FAKE-${String(i).padStart(4, '0')}-XXXX` },
        {
          'cloudfront-viewer-address': `198.51.100.${i}:4431`,
          'x-forwarded-for': `203.0.113.${i}`,
          'x-origin-verify': 'a guess',
        },
      );
      statuses.push(r.status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    const next = await callFrom(
      '127.0.0.3',
      'POST',
      '/api/auth/login',
      { code: demoCode('city') },
      { 'cloudfront-viewer-address': '198.51.100.200:4431', 'x-forwarded-for': '203.0.113.200' },
    );
    expect(next.status).toBe(429);
    expect(next.headers.get('retry-after')).toMatch(/^\d+$/);
    // another socket is another client
    expect((await api('POST', '/api/auth/login', { body: { code: demoCode('city') } })).status).toBe(200);
  });
});
