/**
 * Which years a campaign will need working days in and has no holiday data for, found before
 * anyone's step is refused with `calendar_missing`: the dashboard warns the city office as soon
 * as a date the campaign depends on (a deadline, the meeting, a publicity window, or simply the
 * coming weeks) falls in such a year.
 */
import type { Campaign } from './campaign.ts';
import { addDays } from './dates.ts';
import { calendarHasYear, type IsoDate, workingCalendar } from './working-days.ts';

/** How far ahead of today the calendar must reach: a unit publicity started today, and more. */
export const CALENDAR_HORIZON_DAYS = 30;
/** The calendar days a 5-working-day period starting on a date may span (a long holiday included). */
const PERIOD_DAYS = 16;

/** A year without data, with what needs it: a label (zh-CN) and the date its period starts. */
export interface CalendarGap {
  year: number;
  needs: { label: string; date: IsoDate }[];
}

/** The dates the campaign's working-day counts will touch, each with the period after it. */
function neededDates(c: Campaign, today: IsoDate): { label: string; from: IsoDate; to: IsoDate }[] {
  const at = (label: string, date: IsoDate | undefined) =>
    date ? [{ label, from: date, to: addDays(date, PERIOD_DAYS) }] : [];
  return [
    { label: `今后 ${CALENDAR_HORIZON_DAYS} 天`, from: today, to: addDays(today, CALENDAR_HORIZON_DAYS) },
    ...at('推荐单位报送截止日', c.extensions?.unitToCounty ?? c.deadlines.unitToCounty),
    ...at('县区报送截止日', c.extensions?.countyToCity ?? c.deadlines.countyToCity),
    ...at('评审会议', c.meeting?.date),
    ...(c.cityPublicityRounds ?? []).flatMap((r) => at(`第 ${r.round} 轮市级公示`, r.startsOn)),
  ];
}

/**
 * The years without holiday data among the dates the campaign needs, ascending; empty when the
 * calendar (built in, the deployment's notices, the campaign's own) covers them all. Dates are
 * only considered from today on: a past period has been counted already.
 */
export function calendarGaps(c: Campaign, today: IsoDate): CalendarGap[] {
  const calendar = workingCalendar(c);
  const gaps = new Map<number, CalendarGap>();
  for (const need of neededDates(c, today)) {
    if (need.to < today) continue;
    const first = Number(need.from.slice(0, 4));
    const last = Number(need.to.slice(0, 4));
    for (let year = first; year <= last; year++) {
      if (calendarHasYear(year, calendar)) continue;
      const gap = gaps.get(year) ?? { year, needs: [] };
      gap.needs.push({ label: need.label, date: need.from });
      gaps.set(year, gap);
    }
  }
  return [...gaps.values()].sort((a, b) => a.year - b.year);
}
