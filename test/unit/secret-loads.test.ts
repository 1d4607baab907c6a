/**
 * A failed load of the token secret or of the personal-data key is never kept: the next call
 * tries again, and the failure reaches a client as a 503 with Retry-After through the real
 * middy chain, never as a 401. The sources are real files (TOKEN_SECRET_FILE, PII_KEY_FILE)
 * that are missing at first and appear later, as a Secrets Manager or KMS outage ends.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheSuccess } from '#lib/cache-success';
import { ServiceUnavailableError } from '#shared/errors';

const dir = mkdtempSync(join(tmpdir(), 'pingxuan-secrets-'));
const secretFile = join(dir, 'token-secret');
const piiFile = join(dir, 'pii-key');
process.env.TOKEN_SECRET_FILE = secretFile;
process.env.PII_KEY_FILE = piiFile;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cacheSuccess', () => {
  it('forgets a failed load and keeps the first success', async () => {
    const answers: (() => Promise<string>)[] = [
      () => Promise.reject(new Error('Secrets Manager timed out')),
      () => Promise.resolve('secret'),
      () => Promise.resolve('another'),
    ];
    let calls = 0;
    const get = cacheSuccess(() => (answers[calls++] as () => Promise<string>)());
    await expect(get()).rejects.toThrow('timed out');
    expect(await get()).toBe('secret');
    expect(await get()).toBe('secret');
    expect(calls).toBe(2);
  });

  it('shares one load in flight between concurrent callers', async () => {
    let calls = 0;
    const get = cacheSuccess(async () => ++calls);
    expect(await Promise.all([get(), get(), get()])).toEqual([1, 1, 1]);
  });
});

describe('the token secret and the personal-data key', () => {
  it('recover once their source answers again', async () => {
    const { signToken, verifyToken } = await import('#lib/tokens');
    const { openPii, sealPii } = await import('#lib/pii');
    const expires = new Date(Date.now() + 86_400_000).toISOString();

    await expect(signToken('A', 'unit', 0, expires, new Date(), 'C')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    await expect(verifyToken('x.y.z')).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(sealPii('410902199001011234', 'N')).rejects.toBeInstanceOf(ServiceUnavailableError);

    writeFileSync(secretFile, randomBytes(48).toString('base64url'));
    writeFileSync(piiFile, randomBytes(32).toString('base64'));

    const { token } = await signToken('A', 'unit', 0, expires, new Date(), 'C');
    expect(await verifyToken(`${token}x`)).toBeNull();
    const sealed = await sealPii('410902199001011234', 'N');
    expect(await openPii(sealed, 'N')).toBe('410902199001011234');
    // an altered wrapped key is no outage: not a 503 to retry
    const edk = Buffer.from(sealed.edk, 'base64');
    edk[edk.length - 1] = (edk.at(-1) ?? 0) ^ 1;
    const altered = openPii({ ...sealed, edk: edk.toString('base64') }, 'N');
    await expect(altered).rejects.toThrow();
    await expect(altered).rejects.not.toBeInstanceOf(ServiceUnavailableError);
  });
});

describe('an infrastructure fault during authentication', () => {
  it('is a 503 with Retry-After through the real chain, never a 401', async () => {
    rmSync(secretFile, { force: true });
    // a fresh module graph: this container has never loaded the secret
    const { vi } = await import('vitest');
    vi.resetModules();
    const { handler } = await import('../../functions/http/me.ts');
    const event = {
      version: '2.0',
      routeKey: 'GET /api/me',
      rawPath: '/api/me',
      rawQueryString: '',
      headers: { authorization: 'Bearer a.b.c' },
      requestContext: { requestId: 'r', http: { method: 'GET', path: '/api/me', sourceIp: '10.0.0.1' } },
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const res = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(String(res.body))).toEqual({
      error: { code: 'service_unavailable', message: '服务暂时不可用，请稍后重试' },
    });

    // the secret is back: the same container now refuses the forged token with a 401
    writeFileSync(secretFile, randomBytes(48).toString('base64url'));
    const again = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
    expect(again.statusCode).toBe(401);
  });
});
