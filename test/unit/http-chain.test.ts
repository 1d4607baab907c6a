/**
 * The shared handler chain on events as API Gateway would pass them: a raw path with a malformed
 * %-escape is a 400 with the security headers (API Gateway may pass such a path on; the local
 * runtime refuses it itself), and a body sent to a route that reads none is a 400.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/http/health.ts';
import type { Event, Result } from '../../functions/lib/http-core.ts';

function event(rawPath: string, body?: string): Event {
  return {
    version: '2.0',
    routeKey: 'GET /api/health',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      http: { method: 'GET', path: rawPath, sourceIp: '10.0.0.1' },
      requestId: 'r',
    },
    isBase64Encoded: false,
    ...(body !== undefined ? { body } : {}),
  } as unknown as Event;
}

const call = (e: Event) => handler(e, {} as Context) as Promise<Result>;

describe('the handler chain', () => {
  it('answers a raw path with a malformed %-escape with a 400 and the security headers', async () => {
    const r = await call(event('/api/health%'));
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body as string).error).toMatchObject({ code: 'bad_path', field: 'path' });
    expect(r.headers?.['x-content-type-options']).toBe('nosniff');
    expect(r.headers?.['content-security-policy']).toContain("default-src 'none'");
  });

  it('answers a well-formed path', async () => {
    expect((await call(event('/api/health'))).statusCode).toBe(200);
  });

  it('refuses a body on a route that reads none', async () => {
    const r = await call(event('/api/health', '{"x":1}'));
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body as string).error.code).toBe('no_body_expected');
  });
});
