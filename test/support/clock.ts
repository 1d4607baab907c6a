/** The local runtime's clock (GET|PUT /_local/clock), for tests that pass 5-working-day periods. */
import { expect } from 'vitest';
import { stack } from './stack.ts';

export interface ClockState {
  now: string;
  today: string;
  offsetMs: number;
  moved: boolean;
}

async function clockCall(method: 'GET' | 'PUT', body?: unknown): Promise<ClockState> {
  const r = await fetch(`${stack.baseUrl}/_local/clock`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const answer = await r.json();
  expect(r.status, JSON.stringify(answer)).toBe(200);
  return answer as ClockState;
}

export const readClock = () => clockCall('GET');

/** Set the clock to an instant ('2026-12-14' means 09:00 China time that day); null: real time again. */
export const setClock = (now: string | null) => clockCall('PUT', { now });

/** Move the clock `days` calendar days on from where it stands. */
export async function moveClockBy(days: number): Promise<ClockState> {
  const { now } = await readClock();
  return setClock(new Date(Date.parse(now) + days * 86_400_000).toISOString());
}
