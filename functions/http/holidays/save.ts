/**
 * PUT /api/holiday-calendar/{year} — save a year's State Council notice for the whole deployment:
 * `{ text }` is read by the same parser the settings page previews with; an unreadable notice is
 * a 400 naming its line, another year's a 400 too. Answers with the days saved.
 */
import { saveNotice } from '#lib/holiday-calendar';
import { httpRoute } from '#lib/http';
import { holidayNoticeBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'saveHolidayNotice',
  { body: holidayNoticeBody },
  async ({ principal, params, body, change }) => {
    const { year, saved, changed } = await saveNotice(principal, String(params.year), body.text, change);
    return { body: { year, ...saved, changed } };
  },
);
