/**
 * GET /api/holiday-calendar — the deployment's saved notices by year, the years the built-in data
 * covers, and the years the caller's campaign will need and lacks (the dashboard's warning).
 */
import { getCampaign } from '#lib/campaigns';
import { chinaToday } from '#lib/clock';
import { savedNotices } from '#lib/holiday-calendar';
import { httpRoute } from '#lib/http';
import { calendarGaps } from '#shared/calendar-coverage';
import { BUILT_IN_CALENDAR_YEARS } from '#shared/working-days';

export const handler = httpRoute('getHolidayCalendar', {}, async ({ principal, now }) => {
  const [campaign, years] = await Promise.all([getCampaign(principal.campaignId), savedNotices()]);
  return {
    body: {
      years,
      builtIn: { from: BUILT_IN_CALENDAR_YEARS[0], to: BUILT_IN_CALENDAR_YEARS.at(-1) },
      gaps: calendarGaps(campaign, chinaToday(now)),
    },
  };
});
