/**
 * The working-day calendar: "5 working days" excludes weekends and statutory holidays and counts
 * the make-up working days (调休上班日).
 *
 * The built-in data is chinese-days' own table (`dist/chinese-days.json`, the file the package
 * publishes for non-JS users), not its code: the code is a UMD bundle whose named exports Node
 * cannot see, and it carries the lunar calendar we do not need. The table covers 2004–2026
 * (chinese-days 1.5.7). A date in any other year is an error (`calendar_missing`) that the city
 * office fixes by pasting that year's State Council notice into the settings (a deployment-wide
 * calendar, shared/holiday-notice.ts) or entering the dates in the campaign (`CampaignCalendar`),
 * never a silent guess that only weekends are off.
 *
 * Dates are ISO calendar dates 'YYYY-MM-DD' with no time zone. Malformed dates are a programming
 * error (RangeError): validate input with `isoDateSchema` or `campaignCalendarSchema` first.
 *
 * Importing this module adds the holiday table to a bundle (≈ 3 KB gzipped).
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import * as z from 'zod/mini';
import { addDays } from './dates.ts';
import type { PublicityLength } from './publicity-length.ts';
import './zod.ts';

/** A date as 'YYYY-MM-DD'. */
export type IsoDate = string;

/**
 * Holidays and make-up working days a campaign adds to the built-in data, per year. A year entered
 * here counts as known even if the package has none; for a year the package has, the entry
 * corrects it date by date (a date listed here wins over the package). An empty entry declares a
 * year with weekends only: an explicit choice, so it is allowed.
 */
export interface CampaignCalendar {
  years: Record<string, { holidays: IsoDate[]; workdays: IsoDate[] }>;
}

/** Why a working day could not be counted: the calendar has no data for `year`. */
export interface CalendarMissing {
  ok: false;
  code: 'calendar_missing';
  year: number;
  /** zh-CN, says what to do. */
  reason: string;
}

const PACKAGE_HOLIDAYS: Readonly<Record<string, string>> = data.holidays;
const PACKAGE_WORKDAYS: Readonly<Record<string, string>> = data.workdays;

/** The years the built-in data covers, ascending (2004–2026 with chinese-days 1.5.7). */
export const BUILT_IN_CALENDAR_YEARS: readonly number[] = [
  ...new Set(Object.keys(PACKAGE_HOLIDAYS).map((d) => Number(d.slice(0, 4)))),
].sort((a, b) => a - b);
const builtIn = new Set(BUILT_IN_CALENDAR_YEARS);

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written 'YYYY-MM-DD' (2024-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A date field: 'YYYY-MM-DD' and a real day. */
export const isoDateSchema = z
  .string()
  .check(z.refine(isIsoDate, '日期应为有效日期，格式 YYYY-MM-DD，如 2024-02-08'));

const yearSchema = z.object({
  holidays: z.array(isoDateSchema).check(z.maxLength(366, '每年最多 366 天')),
  workdays: z.array(isoDateSchema).check(z.maxLength(366, '每年最多 366 天')),
});

/**
 * A campaign's calendar as the city office enters it and the API stores it. Year keys are
 * 2000–2099; each date must lie in its year and be either a holiday or a working day, not both.
 */
export const campaignCalendarSchema = z
  .object({
    years: z.record(z.string(), yearSchema),
  })
  .check(
    z.superRefine((cal, ctx) => {
      for (const [year, entry] of Object.entries(cal.years)) {
        if (!/^20\d{2}$/.test(year)) {
          ctx.issues.push({
            code: 'custom',
            message: `年份“${year}”应为 2000 至 2099 的四位数字`,
            path: ['years', year],
            input: year,
          });
        }
        for (const list of ['holidays', 'workdays'] as const) {
          entry[list].forEach((date, i) => {
            if (date.slice(0, 4) !== year) {
              ctx.issues.push({
                code: 'custom',
                message: `${date} 不属于 ${year} 年，请填在 ${date.slice(0, 4)} 年下`,
                path: ['years', year, list, i],
                input: date,
              });
            }
          });
        }
        const off = new Set(entry.holidays);
        entry.workdays.forEach((date, i) => {
          if (off.has(date)) {
            ctx.issues.push({
              code: 'custom',
              message: `${date} 不能既是放假日又是上班日`,
              path: ['years', year, 'workdays', i],
              input: date,
            });
          }
        });
      }
    }),
  );

/**
 * One calendar from layers, later layers winning date by date: the deployment's calendar (the
 * State Council notices the city office pasted) under the campaign's own entries. A year any
 * layer lists counts as known.
 */
export function mergeCalendars(...layers: (CampaignCalendar | undefined)[]): CampaignCalendar {
  const years: CampaignCalendar['years'] = {};
  for (const layer of layers) {
    if (!layer) continue;
    const overridden = new Set(
      Object.values(layer.years).flatMap((entry) => [...entry.holidays, ...entry.workdays]),
    );
    for (const [year, entry] of Object.entries(years))
      years[year] = {
        holidays: entry.holidays.filter((d) => !overridden.has(d)),
        workdays: entry.workdays.filter((d) => !overridden.has(d)),
      };
    for (const [year, entry] of Object.entries(layer.years)) {
      const had = years[year] ?? { holidays: [], workdays: [] };
      years[year] = {
        holidays: [...had.holidays, ...entry.holidays],
        workdays: [...had.workdays, ...entry.workdays],
      };
    }
  }
  return { years };
}

/**
 * The calendar a campaign counts working days with: the deployment-wide notices (attached as
 * `holidayCalendar` when the campaign is read), corrected by the campaign's own `calendar`.
 */
export function workingCalendar(c: { calendar?: CampaignCalendar; holidayCalendar?: CampaignCalendar }) {
  return c.holidayCalendar ? mergeCalendars(c.holidayCalendar, c.calendar) : c.calendar;
}

/** Whether working days can be counted in `year`: built in, or entered for the campaign. */
export function calendarHasYear(year: number, extra?: CampaignCalendar): boolean {
  return builtIn.has(year) || extra?.years[String(year)] !== undefined;
}

function missing(year: number): CalendarMissing {
  return {
    ok: false,
    code: 'calendar_missing',
    year,
    reason: `节假日数据缺少 ${year} 年，无法计算工作日。请市评选办在评选设置中粘贴国务院办公厅关于 ${year} 年部分节假日安排的通知。`,
  };
}

/** Day numbers since 1970-01-01, so that stepping a day is adding one. */
function toDay(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000
  );
}
function fromDay(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** One calendar's answer for a day, or the year it lacks. Sets are built once per call. */
function calendar(extra?: CampaignCalendar) {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const entry of Object.values(extra?.years ?? {})) {
    for (const d of entry.holidays) holidays.add(d);
    for (const d of entry.workdays) workdays.add(d);
  }
  return (day: number): boolean | CalendarMissing => {
    const date = fromDay(day);
    const year = Number(date.slice(0, 4));
    if (!calendarHasYear(year, extra)) return missing(year);
    if (workdays.has(date)) return true;
    if (holidays.has(date)) return false;
    if (PACKAGE_WORKDAYS[date] !== undefined) return true;
    if (PACKAGE_HOLIDAYS[date] !== undefined) return false;
    const weekday = new Date(day * 86_400_000).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };
}

/** Whether `date` is a working day: Monday–Friday unless a holiday, or a make-up working day. */
export function isWorkingDay(
  date: IsoDate,
  extra?: CampaignCalendar,
): { ok: true; working: boolean } | CalendarMissing {
  const working = calendar(extra)(toDay(date));
  return typeof working === 'boolean' ? { ok: true, working } : working;
}

/**
 * The day on which `n` working days after `start` are complete. The start day itself is not
 * counted: 5 working days after 2024-02-08 end on 2024-02-21 (off 10–17 Feb, 18 Feb worked).
 * `n` = 0 gives `start`. Fails with `calendar_missing` when a day it passes lies in a year the
 * calendar does not know.
 */
export function addWorkingDays(
  start: IsoDate,
  n: number,
  extra?: CampaignCalendar,
): { ok: true; end: IsoDate } | CalendarMissing {
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new RangeError(`working days must be 0–1000: ${n}`);
  const working = calendar(extra);
  let day = toDay(start);
  for (let left = n; left > 0; ) {
    day++;
    const w = working(day);
    if (typeof w !== 'boolean') return w;
    if (w) left--;
  }
  return { ok: true, end: fromDay(day) };
}

/**
 * The number of working days after `from` up to and including `to` (0 when `to` is not after
 * `from`): the inverse of addWorkingDays, so a publicity posted on `from` and ending on `to` lasted
 * this many working days.
 */
export function workingDaysBetween(
  from: IsoDate,
  to: IsoDate,
  extra?: CampaignCalendar,
): { ok: true; days: number } | CalendarMissing | { ok: false; code: 'not_a_date'; reason: string } {
  // Total: a record without dates (or with damaged ones) has held no publicity, and says so.
  if (!isIsoDate(from) || !isIsoDate(to)) return { ok: false, code: 'not_a_date', reason: '日期无效' };
  const working = calendar(extra);
  const last = toDay(to);
  let days = 0;
  for (let day = toDay(from) + 1; day <= last; day++) {
    const w = working(day);
    if (typeof w !== 'boolean') return w;
    if (w) days++;
  }
  return { ok: true, days };
}

/** The last day of a publicity posted on `start`; a working-day count may meet a year without data. */
export function publicityEnd(
  start: IsoDate,
  length: PublicityLength,
  calendar?: CampaignCalendar,
): { ok: true; end: IsoDate } | CalendarMissing {
  if (length.dayKind === 'calendar') return { ok: true, end: addDays(start, length.days) };
  return addWorkingDays(start, length.days, calendar);
}

/** How many days of `length`'s kind a publicity from `from` to `to` ran (the start day not counted). */
export function publicityDaysBetween(
  from: IsoDate,
  to: IsoDate,
  length: PublicityLength,
  calendar?: CampaignCalendar,
): ReturnType<typeof workingDaysBetween> {
  if (length.dayKind === 'working') return workingDaysBetween(from, to, calendar);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  if (Number.isNaN(days)) return { ok: false, code: 'not_a_date', reason: '日期无效' };
  return { ok: true, days: Math.max(0, days) };
}
