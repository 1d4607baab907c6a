import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { noticeCalendarYear, parseHolidayNotice } from '#shared/holiday-notice';

const FIXTURES = join(import.meta.dirname, '../fixtures/holiday-notices');
const notice = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** chinese-days' holidays and make-up working days of one year: what the notice must say. */
function packageYear(year: number) {
  const of = (table: Record<string, string>) =>
    Object.keys(table)
      .filter((d) => d.startsWith(`${year}-`))
      .sort();
  return { holidays: of(data.holidays), workdays: of(data.workdays) };
}

function read(text: string) {
  const r = parseHolidayNotice(text);
  if (!r.ok) throw new Error(r.problem.message);
  return r.notice;
}

/** The same notice with half-width punctuation (as some copies have it). */
const halfWidth = (s: string) =>
  s.replace(/：/g, ':').replace(/（/g, '(').replace(/）/g, ')').replace(/，/g, ',').replace(/。/g, '.');

describe('the State Council holiday notice', () => {
  for (const year of [2017, 2026]) {
    it(`reads the ${year} notice into exactly chinese-days’ ${year} data`, () => {
      const n = read(notice(`${year}.txt`));
      expect(n.year).toBe(year);
      expect(n.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
      expect(noticeCalendarYear(n)).toEqual(packageYear(year));
    });

    it(`reads the ${year} notice with half-width punctuation and full-width digits`, () => {
      const text = halfWidth(notice(`${year}.txt`)).replace(/[0-9]/g, (d) =>
        String.fromCharCode(d.charCodeAt(0) + 0xfee0),
      );
      expect(noticeCalendarYear(read(text))).toEqual(packageYear(year));
    });
  }

  it('names each day’s festival, the combined item included, and reads 补休 and 与周末连休', () => {
    const n = read(notice('2017.txt'));
    expect(n.days.find((d) => d.date === '2017-01-02')).toEqual({
      date: '2017-01-02',
      kind: 'holiday',
      festival: '元旦',
    });
    expect(n.days.find((d) => d.date === '2017-10-04')?.festival).toBe('中秋节、国庆节');
    expect(n.days.find((d) => d.date === '2017-09-30')).toEqual({
      date: '2017-09-30',
      kind: 'workday',
      festival: '中秋节、国庆节',
    });
    // 5月1日放假，与周末连休: the Monday only (the weekend is off anyway)
    expect(n.days.filter((d) => d.festival === '劳动节').map((d) => d.date)).toEqual(['2017-05-01']);
    // a range across a month: 1月27日至2月2日
    expect(n.days.filter((d) => d.festival === '春节' && d.kind === 'holiday')).toHaveLength(7);
  });

  it('reads a range across a month written 9月30日至10月7日, and a range across the new year', () => {
    const text = `国务院办公厅关于2030年部分节假日安排的通知
一、元旦：2029年12月30日至2030年1月1日放假调休，共3天。
二、国庆节：9月30日至10月7日放假调休，共8天。9月29日（星期日）上班。`;
    const n = read(text);
    expect(noticeCalendarYear(n)).toEqual({
      holidays: [
        '2029-12-30',
        '2029-12-31',
        '2030-01-01',
        ...['09-30', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'].map((d) => `2030-${d}`),
      ],
      workdays: ['2030-09-29'],
    });
    const bare = read(`国务院办公厅关于2030年部分节假日安排的通知
一、元旦：12月30日至1月1日放假调休，共3天。`);
    expect(noticeCalendarYear(bare).holidays).toEqual(['2029-12-30', '2029-12-31', '2030-01-01']);
  });

  it('reads the synthetic 2027 notice written in the 2026 wording', () => {
    const n = read(notice('2027-synthetic.txt'));
    expect(n.year).toBe(2027);
    const { holidays, workdays } = noticeCalendarYear(n);
    expect(holidays).toHaveLength(3 + 8 + 3 + 5 + 1 + 1 + 7);
    expect(workdays).toEqual([
      '2027-01-31',
      '2027-02-20',
      '2027-04-25',
      '2027-05-08',
      '2027-09-26',
      '2027-10-09',
    ]);
  });

  it('refuses what it cannot read, naming the line', () => {
    const fails = (text: string) => {
      const r = parseHolidayNotice(text);
      if (r.ok) throw new Error('read');
      return r.problem;
    };
    const title = '国务院办公厅关于2026年部分节假日安排的通知';
    // 共N天 disagrees with the range
    expect(fails(`${title}\n\n一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。`)).toEqual({
      line: 3,
      message: expect.stringMatching(
        /^第 3 行“一、元旦：1月1日（周四）至3日（周六）放假调休…”：通知写共 4 天，读出的放假日期是 3 天/,
      ),
    });
    // a weekday that does not match the date: the wrong year pasted
    expect(fails(`${title}\n一、元旦：1月1日（周五）放假。`).message).toContain(
      '2026年1月1日是星期四，通知写的是星期五',
    );
    expect(fails(`${title}\n一、元旦：2月30日放假。`).message).toContain('2月30日不是有效日期');
    expect(fails(`${title}\n一、元旦：1月1日，1月4日。`).message).toContain('看不出这些日期是放假还是上班');
    expect(fails(`${title}\n一、元旦：放假安排另行通知。`).message).toContain('未读出日期');
    expect(fails(`${title}\n一、元旦：1月1日放假。1月1日（周四）上班。`).message).toContain('既放假又上班');
    expect(fails('一、元旦：1月1日放假。').message).toContain('未找到通知的年份');
    expect(fails(`${title}\n元旦放假一天`)).toMatchObject({
      line: 1,
      message: expect.stringContaining('未找到放假安排'),
    });
  });
});
