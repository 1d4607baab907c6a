/** The deployment-wide holiday calendar (`HOLIDAYS` / `HOLIDAYS`, chain `HOLIDAYS#deployment`): one item for every campaign. */
import * as z from 'zod/mini';
import type { NoticeDay } from '#shared/holiday-notice';
import type { Audited } from '../records.ts';
import { auditedShape, itemParser, type Key, type StoredRecord, time } from './item.ts';

export const holidayCalendarKey: Key = { pk: 'HOLIDAYS', sk: 'HOLIDAYS' };
export const HOLIDAY_CALENDAR_CHAIN = 'HOLIDAYS#deployment';

/** One year as saved: the notice's title, the days it sets, who saved it and when. */
export interface SavedNoticeYear {
  title: string;
  days: NoticeDay[];
  savedAt: string;
  savedBy: string;
}

export interface HolidayCalendarItem extends Audited {
  type: 'holiday-calendar';
  years: Record<string, SavedNoticeYear>;
}
export const parseHolidayCalendar = itemParser<HolidayCalendarItem>(
  'holiday calendar',
  z.looseObject({
    ...auditedShape,
    type: z.literal('holiday-calendar'),
    years: z.record(
      z.string(),
      z.looseObject({
        title: z.string(),
        days: z.array(z.looseObject({})),
        savedAt: time,
        savedBy: z.string(),
      }),
    ),
  }),
);
export const holidayCalendarRecord: StoredRecord<HolidayCalendarItem> = {
  key: holidayCalendarKey,
  chain: HOLIDAY_CALENDAR_CHAIN,
  parse: parseHolidayCalendar,
};
