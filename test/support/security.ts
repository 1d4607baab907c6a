/**
 * What the security suite (test/integration/security/) shares: raw HTTP calls from any loopback
 * address with a per-request timeout (a hang is counted, not waited for), a valid body for every
 * route that reads one (so a request reaches the ownership checks behind the body check), and the
 * tally each file prints as one line for the README.
 */
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import type { HttpRoute } from '../../functions/routes.ts';
import { checkContract } from './contract.ts';
import { stack } from './stack.ts';

/** What came back, or that nothing did within the timeout. */
export type Reply =
  | { status: number; text: string; headers: Record<string, string | string[] | undefined> }
  | 'hang';

/**
 * How long a request may take before it counts as a hang: generous, since a burst of 200 parallel
 * requests queues behind DynamoDB Local on two shared cores. Not a speed assertion: an answer
 * that never comes is what it catches.
 */
export const HANG_MS = 90_000;

/**
 * One request as any client could send it: `body` as given (a string or bytes go as they are,
 * anything else as JSON), from `from` (another loopback address is another client).
 */
export function send(
  method: string,
  path: string,
  opts: {
    token?: string;
    body?: unknown;
    contentType?: string | null;
    from?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const url = new URL(path, stack.baseUrl);
  const payload =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string' || opts.body instanceof Uint8Array
        ? opts.body
        : JSON.stringify(opts.body);
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (payload !== undefined && opts.contentType !== null)
    headers['content-type'] = opts.contentType ?? 'application/json';
  // Node sends a GET's or DELETE's body without a length otherwise: the server could not frame it
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((ok, fail) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        // the path exactly as given: malformed %-escapes included
        path: path.startsWith('/') ? path : `${url.pathname}${url.search}`,
        method,
        ...(opts.from ? { localAddress: opts.from } : {}),
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          // JSON answers of the table's routes are held to the document (contract.ts)
          const json = /^application\/json/.test(String(res.headers['content-type'] ?? ''));
          try {
            if (json && text) checkContract(method, path, status, JSON.parse(text));
          } catch (e) {
            fail(e);
            return;
          }
          ok({ status, text, headers: res.headers });
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      ok('hang');
    }, HANG_MS);
    req.on('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    req.end(payload);
  });
}

/** Run `jobs` with at most `n` at a time. */
export async function pool<T>(jobs: (() => Promise<T>)[], n: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return out;
}

/** Counts of one run of a security test file, printed as one line. */
export class Tally {
  requests = 0;
  serverErrors = 0;
  hangs = 0;
  leaks: string[] = [];
  overruns = 0;
  private readonly samples: string[] = [];

  constructor(readonly name: string) {}

  /** Count a reply; a 5xx or a hang is remembered with what caused it. */
  count(reply: Reply, what: string): Reply {
    this.requests++;
    if (reply === 'hang') {
      this.hangs++;
      this.samples.push(`hang: ${what}`);
    } else if (reply.status >= 500) {
      this.serverErrors++;
      this.samples.push(`${reply.status}: ${what}`);
    }
    return reply;
  }

  leak(what: string) {
    this.leaks.push(what);
  }

  /** The one line for the README, and the first few failures to look at. */
  print() {
    console.log(
      `SECURITY ${this.name}: requests=${this.requests} 5xx=${this.serverErrors} hangs=${this.hangs} leaks=${this.leaks.length} overruns=${this.overruns}`,
    );
    for (const s of [...this.samples, ...this.leaks].slice(0, 20)) console.log(`  ${s}`);
  }

  /** Zero 5xx, hangs, leaks and overruns. */
  expectClean() {
    expect({
      serverErrors: this.serverErrors,
      hangs: this.hangs,
      leaks: this.leaks.slice(0, 20),
      overruns: this.overruns,
      samples: this.samples.slice(0, 20),
    }).toEqual({ serverErrors: 0, hangs: 0, leaks: [], overruns: 0, samples: [] });
  }
}

/** What a valid body may refer to. */
export interface BodyContext {
  nominationId: string;
  today: string;
  /** A campaign to switch to, copy or join (by default one that does not exist). */
  campaignId?: string;
}

const NO_CAMPAIGN = '01HMB7Z4Q1PYCZ2024YKT00009';

/**
 * A valid body for every route that reads one, keyed by route id. A route added with a body and
 * missing here fails the suite (see `sampleBody`), so it cannot go untested.
 */
export const SAMPLE_BODIES: Record<string, (c: BodyContext) => unknown> = {
  login: () => ({ code: 'WRNG-WRNG-WRNG' }),
  switchCampaign: (c) => ({ campaignId: c.campaignId ?? NO_CAMPAIGN }),
  createCampaign: (c) => ({ copyOf: c.campaignId ?? NO_CAMPAIGN, title: '安全测试复制的评选' }),
  addToCampaign: (c) => ({ campaignId: c.campaignId ?? NO_CAMPAIGN }),
  createNomination: () => ({ category: 'collective', form: { unitName: '安全测试单位' } }),
  updateNomination: () => ({ version: 1, form: { unitName: '安全测试单位（改）' } }),
  requestPhotoUpload: () => ({ contentType: 'image/jpeg' }),
  requestScanUpload: () => ({ purpose: 'notice', contentType: 'image/jpeg' }),
  recordUnitRecommendation: () => ({
    democratic: { date: '2024-02-05', voters: 30, votesFor: 27 },
    leadershipDecisionDate: '2024-02-06',
  }),
  startUnitPublicity: () => ({ postedOn: '2024-02-08' }),
  closeUnitPublicity: () => ({ outcome: 'no_objection' }),
  withdraw: () => ({ reason: '安全测试' }),
  cancelUnitPublicity: () => ({ reason: '安全测试' }),
  saveHolidayNotice: () => ({
    text: '国务院办公厅关于2043年部分节假日安排的通知\n一、元旦：1月1日（周四）放假，共1天。',
  }),
  recordPoliticalReview: (c) => ({ passed: true, text: '政治审查合格', date: c.today }),
  recordOpinion: (c) => ({ conclusion: '同意推荐', favourable: true, text: '无违纪记录', date: c.today }),
  returnToUnit: () => ({ reason: '安全测试' }),
  decline: () => ({ reason: '安全测试' }),
  saveCountyReport: () => ({
    organisation: '组织',
    process: '过程',
    opinions: '意见',
    publicity: '公示',
    recommendation: '推荐',
  }),
  returnToCounty: () => ({ reason: '安全测试' }),
  recordVote: () => ({ for: 5, against: 0, abstain: 0 }),
  saveMeeting: (c) => ({ date: c.today, members: 9, present: 7, attendees: ['甲', '乙'] }),
  updateSettings: () => ({ objectionChannels: { phone: '0393-1234567' } }),
  setQuotas: () => ({ regions: [{ id: 'hualong', quotas: { collective: 4, worker: 6 } }] }),
  startCityPublicity: (c) => ({ startsOn: c.today }),
  resolveCase: () => ({ outcome: 'dismissed', reason: '安全测试' }),
  issueAccount: () => ({ role: 'auditor', name: '安全测试审计' }),
  importUnits: () => ({ csv: '华龙区,"安全测试局,办公室"' }),
  requestExport: () => ({ set: 'submitted' }),
  fileObjection: (c) => ({
    nominationId: c.nominationId,
    content: '安全测试异议',
    name: '张三',
    phone: '13900000000',
  }),
};

/** The valid body of a route that reads one (undefined for one that does not). */
export function sampleBody(route: HttpRoute, c: BodyContext): unknown {
  if (!route.body) return undefined;
  const make = SAMPLE_BODIES[route.id];
  if (!make)
    throw new Error(
      `route ${route.id} reads a body: add a valid one to SAMPLE_BODIES (test/support/security.ts)`,
    );
  return make(c);
}

/** The route's path with its parameters filled in. */
export function pathOf(route: HttpRoute, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for {${name}} of ${route.path}`);
    return encodeURIComponent(v);
  });
}

/** A reply's body as text, for looking for someone else's data in it. */
export const textOf = (r: Reply) => (r === 'hang' ? '' : r.text);
