import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  BUILT_IN_CALENDAR_YEARS,
  type CampaignCalendar,
  calendarHasYear,
  campaignCalendarSchema,
  isIsoDate,
  isWorkingDay,
  mergeCalendars,
  workingCalendar,
  workingDaysBetween,
} from '#shared/working-days';

const working = (date: string, extra?: CampaignCalendar) => {
  const r = isWorkingDay(date, extra);
  if (!r.ok) throw new Error(r.reason);
  return r.working;
};

describe('the built-in calendar', () => {
  it('covers exactly 2004–2026 (chinese-days 1.5.7)', () => {
    expect(BUILT_IN_CALENDAR_YEARS).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(calendarHasYear(2003)).toBe(false);
    expect(calendarHasYear(2027)).toBe(false);
  });

  it('ends 5 working days after 2024-02-08 on 2024-02-21 (Spring Festival: 10–17 Feb off, 18 Feb worked)', () => {
    expect(addWorkingDays('2024-02-08', 5)).toEqual({ ok: true, end: '2024-02-21' });
    expect(working('2024-02-04')).toBe(true); // a Sunday worked
    expect(working('2024-02-18')).toBe(true); // a Sunday worked
    expect(working('2024-02-12')).toBe(false); // a Monday off
    expect(workingDaysBetween('2024-02-08', '2024-02-21')).toEqual({ ok: true, days: 5 });
  });

  it('skips National Day 2024 (1–7 Oct off) and counts 29 Sep and 12 Oct', () => {
    expect(working('2024-09-29')).toBe(true); // Sunday
    expect(working('2024-10-12')).toBe(true); // Saturday
    for (let d = 1; d <= 7; d++) expect(working(`2024-10-0${d}`)).toBe(false);
    // Fri 27 Sep is not counted; Sun 29 Sep = 1, Mon 30 Sep = 2, Tue 8 Oct = 3, Wed 9 = 4, Thu 10 = 5.
    expect(addWorkingDays('2024-09-27', 5)).toEqual({ ok: true, end: '2024-10-10' });
    // 8–11 Oct then Saturday 12 Oct.
    expect(addWorkingDays('2024-09-30', 5)).toEqual({ ok: true, end: '2024-10-12' });
  });

  it('counts a plain week Monday to Monday', () => {
    // 2024-03-11 is a Monday with no holiday near.
    expect(addWorkingDays('2024-03-11', 5)).toEqual({ ok: true, end: '2024-03-18' });
    expect(addWorkingDays('2024-03-11', 0)).toEqual({ ok: true, end: '2024-03-11' });
    expect(workingDaysBetween('2024-03-11', '2024-03-18')).toEqual({ ok: true, days: 5 });
    expect(workingDaysBetween('2024-03-18', '2024-03-11')).toEqual({ ok: true, days: 0 });
  });

  it('starts counting on the Monday after a start on a weekend', () => {
    expect(addWorkingDays('2024-03-16', 5)).toEqual({ ok: true, end: '2024-03-22' }); // Saturday
    expect(addWorkingDays('2024-03-17', 5)).toEqual({ ok: true, end: '2024-03-22' }); // Sunday
    expect(addWorkingDays('2024-03-17', 1)).toEqual({ ok: true, end: '2024-03-18' });
  });

  it('refuses malformed dates and counts as a programming error', () => {
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-2-8')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(() => addWorkingDays('2024-02-30', 5)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-02-08', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2024-02-08', 1.5)).toThrow(RangeError);
  });
});

describe('a year the calendar does not know', () => {
  const c2027: CampaignCalendar = {
    years: {
      // 国办发明电 for 2027 as the city office would enter it (illustrative, not the real notice).
      '2027': {
        holidays: [
          '2027-01-01',
          '2027-02-05',
          '2027-02-08',
          '2027-02-09',
          '2027-02-10',
          '2027-02-11',
          '2027-02-12',
        ],
        workdays: ['2027-02-13'],
      },
    },
  };

  it('is calendar_missing naming the year, never a guess', () => {
    const r = addWorkingDays('2027-01-06', 5);
    expect(r).toMatchObject({ ok: false, code: 'calendar_missing', year: 2027 });
    expect(!r.ok && r.reason).toMatch(/缺少 2027 年.*关于 2027 年部分节假日安排的通知/);
    expect(isWorkingDay('2027-01-06')).toMatchObject({ ok: false, year: 2027 });
    expect(workingDaysBetween('2026-12-28', '2027-01-05')).toMatchObject({ ok: false, year: 2027 });
  });

  it('fails when the count runs from a known year into an unknown one', () => {
    // 2026-12-25 is a Friday: 28–31 Dec give 4, the fifth falls in 2027.
    expect(addWorkingDays('2026-12-25', 4)).toEqual({ ok: true, end: '2026-12-31' });
    expect(addWorkingDays('2026-12-25', 5)).toMatchObject({
      ok: false,
      code: 'calendar_missing',
      year: 2027,
    });
  });

  it('works once the campaign supplies that year', () => {
    expect(calendarHasYear(2027, c2027)).toBe(true);
    // Thu 4 Feb; Fri 5 off; 8–12 off; Sat 13 worked = 1; 15–18 = 2..5.
    expect(addWorkingDays('2027-02-04', 5, c2027)).toEqual({ ok: true, end: '2027-02-18' });
    expect(addWorkingDays('2026-12-25', 5, c2027)).toEqual({ ok: true, end: '2027-01-04' });
    expect(working('2027-02-13', c2027)).toBe(true);
    expect(working('2027-02-08', c2027)).toBe(false);
  });

  it('lets the campaign correct a built-in year date by date', () => {
    const fix: CampaignCalendar = {
      years: { '2024': { holidays: ['2024-03-12'], workdays: ['2024-02-12'] } },
    };
    expect(working('2024-03-12', fix)).toBe(false);
    expect(working('2024-02-12', fix)).toBe(true);
    expect(working('2024-02-13', fix)).toBe(false); // the rest of the package data still applies
  });
});

describe('the deployment calendar under the campaign’s own', () => {
  const deployment: CampaignCalendar = {
    years: { '2027': { holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-13'] } },
  };

  it('makes a year known for every campaign, and the campaign’s entries win date by date', () => {
    expect(calendarHasYear(2027, workingCalendar({ holidayCalendar: deployment }))).toBe(true);
    expect(working('2027-02-13', workingCalendar({ holidayCalendar: deployment }))).toBe(true);
    const own: CampaignCalendar = {
      years: { '2027': { holidays: ['2027-02-13'], workdays: ['2027-02-08'] } },
    };
    const both = workingCalendar({ holidayCalendar: deployment, calendar: own });
    expect(working('2027-02-13', both)).toBe(false);
    expect(working('2027-02-08', both)).toBe(true);
    expect(working('2027-01-01', both)).toBe(false); // the rest of the notice still applies
    expect(mergeCalendars(deployment, own).years['2027']).toEqual({
      holidays: ['2027-01-01', '2027-02-13'],
      workdays: ['2027-02-08'],
    });
  });

  it('is the campaign’s own calendar alone when the deployment has none', () => {
    expect(workingCalendar({})).toBeUndefined();
    expect(workingCalendar({ calendar: deployment })).toBe(deployment);
  });
});

describe('campaignCalendarSchema', () => {
  it('accepts a well-formed calendar', () => {
    expect(
      campaignCalendarSchema.safeParse({ years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } })
        .success,
    ).toBe(true);
  });

  it('refuses a date filed under the wrong year, an impossible date, a bad year and a day both off and worked', () => {
    const messages = (value: unknown) => {
      const r = campaignCalendarSchema.safeParse(value);
      expect(r.success).toBe(false);
      return (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(messages({ years: { '2027': { holidays: ['2028-01-01'], workdays: [] } } })).toEqual([
      'years.2027.holidays.0: 2028-01-01 不属于 2027 年，请填在 2028 年下',
    ]);
    expect(messages({ years: { '2027': { holidays: ['2027-02-30'], workdays: [] } } })[0]).toMatch(
      /有效日期/,
    );
    expect(messages({ years: { '27': { holidays: [], workdays: [] } } })[0]).toMatch(/四位数字/);
    expect(messages({ years: { '2027': { holidays: ['2027-02-13'], workdays: ['2027-02-13'] } } })).toEqual([
      'years.2027.workdays.0: 2027-02-13 不能既是放假日又是上班日',
    ]);
  });
});

describe('working days between dates that are not dates', () => {
  it('says so instead of throwing (a record without a publicity has no dates)', () => {
    expect(workingDaysBetween('', '')).toMatchObject({ ok: false, code: 'not_a_date' });
    expect(workingDaysBetween('2024-02-08', '2024-13-01')).toMatchObject({ ok: false, code: 'not_a_date' });
  });
});
