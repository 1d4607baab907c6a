/**
 * The one clock everything that reads "now" asks: request times, "today" in China, deadlines,
 * publicity windows, audit event times. In the cloud it is the system clock and nothing can move
 * it: there is no setting, no environment variable and no route for it (a CDK test asserts so).
 * The local runtime alone moves it (`PUT /_local/clock`, infra/local/clock-route.ts) so that tests,
 * rehearsals and a person trying the system can pass 5-working-day periods; a moved clock keeps
 * running from the moment it was set. The jobs the local runtime spawns get the same offset.
 *
 * Security timers stay on the real clock on purpose: token lifetimes, presigned-link expiry and
 * storage TTLs are properties of the session and of the storage, not of the campaign's calendar
 * (and the S3 emulator checks signatures against the real time).
 */

import { chinaDate } from '#shared/dates';

let offsetMs = 0;

/** The current instant as the system sees it. */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** The real instant, for security timers only (token lifetimes, link expiry, TTLs). */
export function realNow(): Date {
  return new Date();
}

/** How far the clock is moved from real time, in milliseconds (0: real time). Local runtime only. */
export function clockOffsetMs(): number {
  return offsetMs;
}

/**
 * Move the clock so that it reads `to` now (null: back to real time), or set a known offset (the
 * local runtime hands its offset to the job processes it spawns). Called by the local runtime only.
 */
export function setClock(to: Date | null | { offsetMs: number }): void {
  if (to === null) offsetMs = 0;
  else if (to instanceof Date) offsetMs = to.getTime() - Date.now();
  else offsetMs = to.offsetMs;
}

/** Today's date in China (Asia/Shanghai, UTC+8, no daylight saving): deadlines and publicity end there. */
export function chinaToday(at: Date = now()): string {
  return chinaDate(at);
}
