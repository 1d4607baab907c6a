/**
 * `GET|PUT /_local/clock`: the local runtime's control of the one clock (functions/lib/clock.ts).
 * Served by the local API Gateway only, never by the cloud's API (a CDK test asserts it).
 *
 * - `GET /_local/clock` → `{ now, today, offsetMs, moved }`
 * - `PUT /_local/clock` with `{ "now": "2026-12-15T09:00:00+08:00" }` moves the clock so that it
 *   reads that instant now (it keeps running from there); `{ "now": null }` goes back to real time.
 */
import { chinaToday, clockOffsetMs, now, setClock } from '../../functions/lib/clock.ts';

/** The clock as the local runtime reports it. */
export function clockState() {
  const at = now();
  return {
    now: at.toISOString(),
    today: chinaToday(at),
    offsetMs: clockOffsetMs(),
    moved: clockOffsetMs() !== 0,
  };
}

/** The answer to a request to /_local/clock (`body`: the request's bytes): a status and a JSON body. */
export function serveClock(method: string, body: Buffer): { status: number; body: unknown } {
  if (method === 'GET') return { status: 200, body: clockState() };
  if (method !== 'PUT') {
    return { status: 405, body: { error: { code: 'method_not_allowed', message: '不支持该请求方法' } } };
  }
  const to = parseTarget(body);
  if (to === undefined) {
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_clock',
          message: '请给出 { "now": "ISO 8601 时间" }，或 { "now": null } 恢复真实时间',
          field: 'now',
        },
      },
    };
  }
  setClock(to);
  console.log(`本地时钟：${clockState().now}（${to === null ? '真实时间' : '已调整'}）`);
  return { status: 200, body: clockState() };
}

/** The instant asked for, null for real time, undefined when the body is not one of those. */
function parseTarget(body: Buffer): Date | null | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const to = (parsed as { now?: unknown } | null)?.now;
  if (to === null) return null;
  if (typeof to !== 'string' || !/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(to))
    return undefined;
  // a bare date is that day at 09:00 in China, a working morning
  const at = new Date(to.length === 10 ? `${to}T09:00:00+08:00` : to);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
