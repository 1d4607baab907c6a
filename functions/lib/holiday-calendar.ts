/**
 * The deployment-wide holiday calendar: each year's State Council notice as the city office
 * pasted it, read by shared/holiday-notice.ts. One item for the whole deployment (every campaign
 * counts working days with it), with its own audit chain; each campaign may still correct single
 * dates in its own `calendar`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { noticeCalendarYear, parseHolidayNotice } from '#shared/holiday-notice';
import type { Principal } from '#shared/roles';
import type { CampaignCalendar } from '#shared/working-days';
import { db, tableName } from './db.ts';
import {
  HOLIDAY_CALENDAR_CHAIN,
  type HolidayCalendarItem,
  holidayCalendarKey,
  holidayCalendarRecord,
  maybe,
  parseHolidayCalendar,
  type SavedNoticeYear,
} from './keys.ts';
import { type ChangeContext, changeRecord, createRecord } from './records.ts';

export type { SavedNoticeYear } from './keys.ts';

/** Changes are rare and every step reads the calendar: a warm function keeps it for a minute. */
let cached: { at: number; years: Record<string, SavedNoticeYear> } | undefined;
const CACHE_MS = 60_000;

/** The saved notices by year (empty when none was ever saved). */
export async function savedNotices(
  options: { fresh?: boolean } = {},
): Promise<Record<string, SavedNoticeYear>> {
  if (!options.fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.years;
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: holidayCalendarKey, ConsistentRead: !!options.fresh }),
  );
  const years = maybe(parseHolidayCalendar)(got.Item)?.years ?? {};
  cached = { at: Date.now(), years };
  return years;
}

/** The saved notices as a calendar layer (`holidayCalendar` of every campaign), or undefined. */
export function asCalendar(years: Record<string, SavedNoticeYear>): CampaignCalendar | undefined {
  const entries = Object.entries(years);
  if (entries.length === 0) return undefined;
  return {
    years: Object.fromEntries(
      entries.map(([y, saved]) => [
        y,
        noticeCalendarYear({ year: Number(y), title: saved.title, days: saved.days }),
      ]),
    ),
  };
}

/** What an audit event records of a year: the title and the dates, not who (the event says who). */
const summary = (y: SavedNoticeYear | undefined) =>
  y ? { title: y.title, ...noticeCalendarYear({ year: 0, title: y.title, days: y.days }) } : null;

/**
 * Read a pasted notice and save its year for the whole deployment. The text must be that year's
 * notice; an unreadable one is a 400 naming its line. Saving the same days again changes nothing.
 */
export async function saveNotice(
  principal: Principal & { name?: string },
  year: string,
  text: string,
  ctx: ChangeContext,
): Promise<{ year: number; saved: SavedNoticeYear; changed: boolean }> {
  const read = parseHolidayNotice(text);
  if (!read.ok) throw new ValidationError(read.problem.message, 'text');
  if (String(read.notice.year) !== year)
    throw new ValidationError(`粘贴的是 ${read.notice.year} 年的通知，不是 ${year} 年的`, 'text');
  const saved: SavedNoticeYear = {
    title: read.notice.title,
    days: read.notice.days,
    savedAt: ctx.now,
    savedBy: principal.name ?? principal.accountId,
  };
  const plan = (current: HolidayCalendarItem | undefined) => ({
    action: 'holidays.notice_saved',
    campaignId: principal.campaignId,
    next: {
      ...holidayCalendarKey,
      type: 'holiday-calendar' as const,
      years: { ...(current?.years ?? {}), [year]: saved },
    },
    changes: [{ field: `years.${year}`, before: summary(current?.years[year]), after: summary(saved) }],
  });
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: holidayCalendarKey, ConsistentRead: true }),
  );
  const current = maybe(parseHolidayCalendar)(got.Item);
  const before = current?.years[year];
  if (before && before.title === saved.title && JSON.stringify(before.days) === JSON.stringify(saved.days))
    return { year: read.notice.year, saved: before, changed: false };
  try {
    if (!current) {
      await createRecord<HolidayCalendarItem>(HOLIDAY_CALENDAR_CHAIN, ctx, plan(undefined));
      cached = undefined;
      return { year: read.notice.year, saved, changed: true };
    }
  } catch (e) {
    // another office saved the first year at the same moment: add this one behind it
    if (!(e instanceof ConflictError && e.code === 'already_exists')) throw e;
  }
  await changeRecord(holidayCalendarRecord, ctx, () => new NotFoundError(), plan);
  cached = undefined;
  return { year: read.notice.year, saved, changed: true };
}
