import { describe, expect, it } from 'vitest';
import { calendarGaps } from '#shared/calendar-coverage';
import { exampleCampaign } from '../../infra/local/seed.ts';

const campaign = (over: Record<string, unknown> = {}) => ({
  ...exampleCampaign(new Date('2026-12-06T02:00:00Z')),
  deadlines: { unitToCounty: '2027-01-11', countyToCity: '2027-01-18' },
  ...over,
});

describe('the years a campaign needs and lacks', () => {
  it('names today’s horizon and the deadlines that fall in a year without data', () => {
    expect(calendarGaps(campaign(), '2026-12-06')).toEqual([
      {
        year: 2027,
        needs: [
          { label: '今后 30 天', date: '2026-12-06' },
          { label: '推荐单位报送截止日', date: '2027-01-11' },
          { label: '县区报送截止日', date: '2027-01-18' },
        ],
      },
    ]);
  });

  it('sees a deadline whose 5 working days run into the next year, and an extension', () => {
    const c = campaign({
      deadlines: { unitToCounty: '2026-06-01', countyToCity: '2026-12-28' },
      extensions: { unitToCounty: '2026-06-10' },
    });
    expect(calendarGaps(c, '2026-06-01')).toEqual([
      { year: 2027, needs: [{ label: '县区报送截止日', date: '2026-12-28' }] },
    ]);
  });

  it('is empty once the deployment’s notices or the campaign’s own calendar cover the year', () => {
    const year = { holidays: ['2027-01-01'], workdays: [] };
    expect(calendarGaps(campaign({ holidayCalendar: { years: { 2027: year } } }), '2026-12-06')).toEqual([]);
    expect(calendarGaps(campaign({ calendar: { years: { 2027: year } } }), '2026-12-06')).toEqual([]);
  });

  it('ignores periods already past', () => {
    const c = campaign({ deadlines: { unitToCounty: '2003-01-11', countyToCity: '2003-01-18' } });
    expect(calendarGaps(c, '2026-06-01')).toEqual([]);
  });
});
