/**
 * The login and objection limiters fail closed: when the table cannot be reached, a login is a 503
 * with Retry-After (never a login, never a 401), and so is an objection. The real AWS SDK talks to
 * a port where nothing listens.
 */
import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '#shared/errors';

let accounts: typeof import('#lib/accounts');

beforeAll(async () => {
  // a port that was free a moment ago: nothing answers there
  const port = await new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as { port: number };
      s.close(() => ok(p));
    });
  });
  Object.assign(process.env, {
    TABLE_NAME: 'pingxuan',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
    AWS_REGION: 'cn-north-1',
    AWS_MAX_ATTEMPTS: '1',
  });
  accounts = await import('#lib/accounts');
});

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    return e;
  }
  throw new Error('not refused');
}

describe('an unreachable limiter', () => {
  it('answers a login with 503 and Retry-After, not a login and not a 401', async () => {
    const e = await refusal(() => accounts.accountForCode('ABCD-EFGH-JKMN', '10.0.0.1', new Date()));
    expect(e).toBeInstanceOf(ServiceUnavailableError);
    expect((e as ServiceUnavailableError).statusCode).toBe(503);
    expect((e as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    expect((e as ServiceUnavailableError).message).toMatch(/稍后重试/);
  });

  it('answers an objection with 503', async () => {
    const e = await refusal(() =>
      accounts.limitPerClient('objection', '10.0.0.1', new Date(), { perHour: 10 }),
    );
    expect(e).toBeInstanceOf(ServiceUnavailableError);
  });
});
