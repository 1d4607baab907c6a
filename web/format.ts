/** How dates read on the page: 2024年1月18日, 2024年1月18日 09:05. */
import { officialDate } from '#shared/text';
import { serverNow } from './api.ts';

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A timestamp in the phone's time zone, written the official way with the time. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${officialDate(`${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** HH:MM now. */
export const clock = (d = new Date()) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** Whole days from today (by the server's clock, which the local runtime may move) until an ISO date (negative once passed). */
export function daysUntil(isoDate: string, now = serverNow()): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  const end = Date.UTC(y as number, (m as number) - 1, d as number);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((end - today) / 86_400_000);
}
