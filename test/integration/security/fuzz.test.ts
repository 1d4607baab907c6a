/**
 * A fuzz pass over every route of functions/routes.ts that reads a body: wrong types for every
 * field, unknown, `__proto__` and `constructor` keys, deep nesting, huge arrays and strings, bad
 * UTF-8, wrong content types, empty and oversized bodies. Each is sent by a caller the route's
 * role allows (so it gets past the role check to the body and the use case), with a timeout that
 * counts a hang. 0 5xx, 0 hangs.
 *
 * By default a fixed sample of the cases (the same every run) keeps the suite's time on two
 * cores; SECURITY_FULL=1 sends every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../functions/routes.ts';
import { newCampaign, type TestCampaign } from '../../support/campaigns.ts';
import { chinaToday, ok } from '../../support/process.ts';
import { pathOf, pool, sampleBody, send, Tally } from '../../support/security.ts';
import { api } from '../../support/stack.ts';

const FULL = process.env.SECURITY_FULL === '1';
const PER_ROUTE = 14;

const tally = new Tally(`fuzz (${FULL ? 'full' : `sample of ${PER_ROUTE} a route`})`);
let t: TestCampaign;
let draft: string;

beforeAll(async () => {
  t = await newCampaign();
  draft = (
    await ok(api('POST', '/api/nominations', { token: t.tokens.unit, body: { category: 'collective' } }), 201)
  ).id;
}, 120_000);

afterAll(() => tally.print());

/** One malformed request: its body as sent and its content type (null: none). */
interface Case {
  name: string;
  body: string | Uint8Array;
  contentType?: string | null;
}

const WRONG_VALUES: [string, unknown][] = [
  ['null', null],
  ['a number', 123],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['a huge number', 1e308],
  ['true', true],
  ['a string', 'x'],
  ['an empty string', ''],
  ['an array', []],
  ['an object', {}],
  ['astral characters', '𝌆'.repeat(100)],
  ['a NUL character', '\u0000'],
  ['a 60 KB string', 'A'.repeat(60_000)],
  ['an array of 5,000', Array.from({ length: 5000 }, (_, i) => i)],
];

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

/** Every malformed variant of a route's valid body. */
function casesFor(sample: Record<string, unknown>): Case[] {
  const json = (name: string, value: unknown): Case => ({ name, body: JSON.stringify(value) });
  const keys = Object.keys(sample);
  const first = keys[0] ?? 'x';
  const inner = JSON.stringify(sample).slice(1, -1);
  const cases: Case[] = [
    { name: 'an empty body', body: '' },
    { name: 'JSON null', body: 'null' },
    { name: 'a JSON array', body: '[]' },
    { name: 'a JSON string', body: '"x"' },
    { name: 'a JSON number', body: '0' },
    { name: 'an empty object', body: '{}' },
    { name: 'truncated JSON', body: '{"a":' },
    { name: 'arrays nested 20,000 deep', body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
    json('objects nested 3,000 deep under an unknown key', { ...sample, deep: nested(3000) }),
    json(`objects nested 3,000 deep in ${first}`, { ...sample, [first]: nested(3000) }),
    json(`an array of 50,000 in ${first}`, { ...sample, [first]: Array(50_000).fill(1) }),
    json('a 1 MB string', { ...sample, [first]: 'A'.repeat(1024 * 1024) }),
    { name: 'a 2 MB body', body: `{"${first}":"${'A'.repeat(2 * 1024 * 1024)}"}` },
    { name: 'an unknown key', body: `{${inner},"unknownKey":1}` },
    { name: 'a __proto__ key', body: `{${inner},"__proto__":{"polluted":true,"role":"city"}}` },
    { name: 'a constructor key', body: `{${inner},"constructor":{"prototype":{"polluted":true}}}` },
    { name: 'only a __proto__ key', body: '{"__proto__":{"polluted":true}}' },
    {
      name: 'bad UTF-8',
      body: Buffer.concat([
        Buffer.from(`{"${first}":"`),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
    },
    { name: 'a lone surrogate', body: `{"${first}":"\\ud800"}` },
    { name: 'a byte-order mark', body: `\uFEFF${JSON.stringify(sample)}` },
    { name: 'text/plain', body: JSON.stringify(sample), contentType: 'text/plain' },
    { name: 'a form', body: `${first}=x`, contentType: 'application/x-www-form-urlencoded' },
    { name: 'multipart', body: '--x\r\n\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
    { name: 'no content type', body: JSON.stringify(sample), contentType: null },
    {
      name: 'UTF-16 declared',
      body: JSON.stringify(sample),
      contentType: 'application/json; charset=utf-16',
    },
    { name: 'a look-alike type', body: JSON.stringify(sample), contentType: 'application/jsonx' },
  ];
  const objectsIn = (
    value: Record<string, unknown>,
    path: string[],
  ): [string[], Record<string, unknown>][] => [
    [path, value],
    ...Object.entries(value).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) && path.length < 2
        ? objectsIn(v as Record<string, unknown>, [...path, k])
        : [],
    ),
  ];
  for (const [path, obj] of objectsIn(sample, [])) {
    const at = (replace: (o: Record<string, unknown>) => Record<string, unknown>) => {
      const copy = structuredClone(sample);
      let o = copy as Record<string, unknown>;
      for (const k of path) o = o[k] as Record<string, unknown>;
      const next = replace(o);
      for (const k of Object.keys(o)) delete o[k];
      Object.assign(o, next);
      return copy;
    };
    for (const key of Object.keys(obj)) {
      const where = [...path, key].join('.');
      for (const [name, value] of WRONG_VALUES)
        cases.push(
          json(
            `${where}: ${name}`,
            at((o) => ({ ...o, [key]: value })),
          ),
        );
      cases.push(
        json(
          `${where} left out`,
          at(({ [key]: _gone, ...rest }) => rest),
        ),
      );
    }
  }
  return cases;
}

/** A fixed pseudo-random sample (the same every run), so a failure can be sent again. */
function sampleOf<T>(items: T[], n: number, seed: number): T[] {
  if (items.length <= n) return items;
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

describe('fuzzing every route with a body', () => {
  const withBody = routes.filter((r) => r.body);

  it('answers every malformed body with a 4xx: no 5xx, no hang', async () => {
    expect(withBody.length).toBeGreaterThanOrEqual(20);
    const jobs: (() => Promise<void>)[] = [];
    let n = 0;
    withBody.forEach((route, index) => {
      const role = route.access === 'public' ? undefined : route.access[0];
      const token = role ? t.tokens[role] : undefined;
      const params = {
        id: route.path.includes('/campaigns/{id}') ? t.campaign.id : draft,
        region: 'hualong',
        department: 'personnel',
        case: '01HMB7Z4Q1PYCZ2024YKT00009',
        // a year no other test saves: whatever the fuzz gets through stays out of their way
        year: '2099',
      };
      const sample = sampleBody(route, { nominationId: draft, today: chinaToday() }) as Record<
        string,
        unknown
      >;
      const all = casesFor(sample);
      for (const c of FULL ? all : sampleOf(all, PER_ROUTE, index + 1)) {
        const from = `127.0.20.${(n++ % 250) + 1}`;
        jobs.push(async () => {
          const what = `${route.method} ${route.path} with ${c.name}`;
          const r = tally.count(
            await send(route.method, pathOf(route, params), {
              ...(token ? { token } : {}),
              body: c.body,
              contentType: c.contentType === undefined ? 'application/json' : c.contentType,
              from,
            }),
            what,
          );
          // every refusal is the API's JSON error with a Chinese message
          if (r !== 'hang' && r.status >= 400 && r.status < 500) {
            const error = JSON.parse(r.text)?.error;
            if (!error?.code || !/[\u4e00-\u9fff]/.test(error.message ?? ''))
              tally.leak(`no JSON error: ${what}`);
          }
        });
      }
    });
    await pool(jobs, 4);
    expect(tally.requests).toBe(jobs.length);
    tally.expectClean();
  }, 900_000);

  it('still answers normally afterwards, and nothing was polluted', async () => {
    const me = await ok(api('GET', '/api/me', { token: t.tokens.unit }));
    expect(me.principal.role).toBe('unit');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const n = await ok(api('GET', `/api/nominations/${draft}`, { token: t.tokens.unit }));
    expect(n.status).toBe('draft');
  });
});
