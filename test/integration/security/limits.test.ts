/**
 * Parallel bursts against every limit: failed logins per client address (30 per 15 minutes) and
 * per code (5), objections per client address (10 an hour). Each burst is sent all at once; exactly
 * the limit gets through and every other request is a 429 with Retry-After, never a 5xx. A right
 * code signs in any number of times (only failures count). Every burst comes from loopback
 * addresses of its own, so it touches no other test's counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCampaign, newUnit, type TestCampaign } from '../../support/campaigns.ts';
import { type Reply, send, Tally } from '../../support/security.ts';

const tally = new Tally('limit bursts');
let t: TestCampaign;
let code: string;

beforeAll(async () => {
  t = await newCampaign();
  code = (await newUnit(t.campaign, '华龙区限流测试局')).code;
}, 120_000);

afterAll(() => tally.print());

/** The fixed window a moment falls in. */
const windowOf = (seconds: number) => Math.floor(Date.now() / 1000 / seconds);

/**
 * Send `n` requests at once and count the answers by status. Should the burst straddle a window's
 * edge (its counts then split over two windows), it is sent again from other addresses.
 */
async function burst(
  n: number,
  windowSeconds: number,
  request: (i: number, attempt: number) => Promise<Reply>,
  what: string,
): Promise<Record<number, number> & { retryAfter: boolean }> {
  for (let attempt = 0; ; attempt++) {
    const start = windowOf(windowSeconds);
    const replies = await Promise.all(Array.from({ length: n }, (_, i) => request(i, attempt)));
    if (windowOf(windowSeconds) !== start && attempt < 2) continue;
    const counts: Record<number, number> & { retryAfter: boolean } = { retryAfter: true };
    for (const r of replies) {
      tally.count(r, what);
      if (r === 'hang') continue;
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      if (r.status === 429 && !(Number(r.headers['retry-after']) > 0)) counts.retryAfter = false;
    }
    return counts;
  }
}

const login = (body: unknown, from: string) => send('POST', '/api/auth/login', { body, from });

describe('parallel bursts against every limit', { timeout: 300_000 }, () => {
  it('200 wrong codes at once from one address: exactly 30 tried (401), the rest 429', async () => {
    const counts = await burst(
      200,
      900,
      (i, attempt) =>
        login({ code: `WRNG-${String(i).padStart(4, '0')}-B${attempt}XX` }, `127.0.30.${attempt + 1}`),
      'login burst per address',
    );
    tally.overruns += Math.max(0, (counts[401] ?? 0) - 30);
    expect(counts).toEqual({ 401: 30, 429: 170, retryAfter: true });
  });

  it('one wrong code 60 times at once from 60 addresses: exactly 5 tried, the rest 429', async () => {
    const counts = await burst(
      60,
      900,
      (i, attempt) => login({ code: `ONEC-ODE${attempt}-XXXX` }, `127.0.31.${attempt * 60 + i + 1}`),
      'login burst per code',
    );
    tally.overruns += Math.max(0, (counts[401] ?? 0) - 5);
    expect(counts).toEqual({ 401: 5, 429: 55, retryAfter: true });
  });

  it('one wrong code 100 times at once from one address: 5 tried, and the address keeps its other 25', async () => {
    const from = '127.0.32.1';
    const counts = await burst(
      100,
      900,
      () => login({ code: 'SAME-CODE-ONCE' }, from),
      'login burst, one code, one address',
    );
    tally.overruns += Math.max(0, (counts[401] ?? 0) - 5);
    expect(counts).toEqual({ 401: 5, 429: 95, retryAfter: true });
    // the 95 refused for the code were never tried: the address has 25 failures left
    const more = await burst(
      40,
      900,
      (i) => login({ code: `MORE-${String(i).padStart(4, '0')}-XXXX` }, from),
      'login burst after a code burst',
    );
    expect(more).toEqual({ 401: 25, 429: 15, retryAfter: true });
  });

  it('a right code signs in 40 times at once from one address: successes do not count', async () => {
    const counts = await burst(40, 900, () => login({ code }, '127.0.34.1'), 'right-code burst');
    expect(counts).toEqual({ 200: 40, retryAfter: true });
  });

  it('50 objections at once from one address: exactly 10 taken, the rest 429', async () => {
    const counts = await burst(
      50,
      3600,
      (_, attempt) =>
        send('POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
          body: {
            nominationId: '01HMB7Z4Q1PYCZ2024YKT00009',
            content: '限流测试',
            name: '张三',
            phone: '13900000000',
          },
          from: `127.0.33.${attempt + 1}`,
        }),
      'objection burst',
    );
    const taken = 50 - (counts[429] ?? 0);
    tally.overruns += Math.max(0, taken - 10);
    expect(taken).toBe(10);
    expect(counts.retryAfter).toBe(true);
    tally.expectClean();
  });
});
