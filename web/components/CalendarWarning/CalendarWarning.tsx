/**
 * The city dashboard's early warning: a date the campaign needs (a deadline, the meeting, a
 * publicity, the coming weeks) falls in a year with no holiday data, so working days there would
 * be refused. Says which dates and links to the settings, where the year's notice is pasted.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CalendarGap } from '#shared/calendar-coverage';
import { officialDate } from '#shared/text';
import { getHolidayCalendar } from '../Admin/admin-api.ts';

export function CalendarWarning() {
  const [gaps, setGaps] = useState<CalendarGap[]>([]);
  useEffect(() => {
    getHolidayCalendar().then(
      (c) => setGaps(c.gaps),
      () => setGaps([]), // the dashboard itself reports a failed load
    );
  }, []);
  if (gaps.length === 0) return null;
  return (
    <section class="card warn" role="alert" aria-labelledby="cal-warn-title">
      <h2 id="cal-warn-title">缺少 {gaps.map((g) => g.year).join('、')} 年节假日安排</h2>
      {gaps.map((g) => (
        <p key={g.year}>
          {g.needs.map((n) => `${n.label}（${officialDate(n.date)}）`).join('、')}
          涉及 {g.year} 年，届时无法计算工作日，相关操作会被拒绝。
        </p>
      ))}
      <p>
        <a class="button primary" href="#/o/settings">
          去粘贴国务院办公厅节假日安排通知
        </a>
      </p>
    </section>
  );
}
