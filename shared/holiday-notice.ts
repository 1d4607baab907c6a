/**
 * The State Council's yearly holiday notice (国务院办公厅关于某年部分节假日安排的通知), read into
 * holidays and make-up working days. The city office pastes the notice as published; the parser
 * reads its real wording, whatever the year's style:
 *
 * - items `一、元旦：…` (half- or full-width punctuation, full-width digits);
 * - dates `1月1日`, `2022年12月31日`, a range `1月27日至2月2日` or `4月2日至4日` (the month carried);
 * - a weekday after a date, `（周四）`, `（星期一）`, `（农历腊月二十八、周日）`, which is checked
 *   against the date (a wrong one means a wrong year or a typo);
 * - `放假` / `放假调休` / `补休` (days off), `上班` (make-up working days), `与周末连休`, `不调休`;
 * - `共N天` / `放假N天`, checked against the days read.
 *
 * Anything it cannot read is an error naming the line: it never guesses.
 */
import type { IsoDate } from './working-days.ts';

/** One day the notice sets: off (放假) or worked (上班), with the item's festival. */
export interface NoticeDay {
  date: IsoDate;
  kind: 'holiday' | 'workday';
  /** The item's name as the notice writes it: 春节, 中秋节、国庆节. */
  festival: string;
}

/** What a notice says: its year, its title line, and every day it sets, in date order. */
export interface HolidayNotice {
  year: number;
  title: string;
  days: NoticeDay[];
}

/** Why a notice could not be read: the line (1-based) and a zh-CN message that names it. */
export interface NoticeProblem {
  line: number;
  message: string;
}

export type NoticeReading = { ok: true; notice: HolidayNotice } | { ok: false; problem: NoticeProblem };

const FULL_WIDTH: Record<string, string> = {
  '：': ':',
  '（': '(',
  '）': ')',
  '，': ',',
  '。': '.',
  '；': ';',
  '、': '、',
  '　': ' ',
  '～': '至',
  '~': '至',
  '—': '至',
  '－': '至',
};

/** Half-width punctuation and ASCII digits, whichever the copy used. */
function normalise(line: string): string {
  return line
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[：（），。；　～~—－]/g, (c) => FULL_WIDTH[c] ?? c)
    .trim();
}

const ITEM = /^([一二三四五六七八九十]+)\s*[、.,]\s*([^:]+?)\s*:(.*)$/;
const DATE = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日(?:\s*\(([^)]*)\))?/g;
const WEEKDAYS = '日一二三四五六';
const CHINESE_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** 3, 十, 十二: a day count as the notice writes it. */
function count(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1) return CHINESE_DIGITS[s] ?? Number.NaN;
  if (s.startsWith('十')) return 10 + (CHINESE_DIGITS[s[1] as string] ?? Number.NaN);
  return Number.NaN;
}

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
const iso = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
const weekday = (n: number) => new Date(n * 86_400_000).getUTCDay();

class Unreadable extends Error {}

/** Read a notice's text (the whole notice, or just its numbered items with a title line). */
export function parseHolidayNotice(text: string): NoticeReading {
  const lines = text.split(/\r?\n/);
  const quote = (i: number) => {
    const l = (lines[i] ?? '').trim();
    return l.length > 24 ? `${l.slice(0, 24)}…` : l;
  };
  const fail = (i: number, why: string): NoticeReading => ({
    ok: false,
    problem: { line: i + 1, message: `第 ${i + 1} 行“${quote(i)}”：${why}` },
  });

  const normal = lines.map(normalise);
  const yearAt = normal.findIndex((l) => /关于\s*\d{4}\s*年/.test(l) || /现将\s*\d{4}\s*年/.test(l));
  if (yearAt < 0)
    return {
      ok: false,
      problem: {
        line: 1,
        message: '未找到通知的年份：请连同标题“国务院办公厅关于××××年部分节假日安排的通知”一起粘贴',
      },
    };
  const year = Number(/(?:关于|现将)\s*(\d{4})\s*年/.exec(normal[yearAt] as string)?.[1]);
  const titleLine =
    normal.find((l) => /节假日安排的通知/.test(l)) ?? `国务院办公厅关于${year}年部分节假日安排的通知`;

  const days = new Map<IsoDate, NoticeDay & { line: number }>();
  let items = 0;
  for (const [i, line] of normal.entries()) {
    const item = ITEM.exec(line);
    if (!item) continue;
    items++;
    try {
      for (const d of readItem(item[2] as string, item[3] as string, year)) {
        const before = days.get(d.date);
        if (before && before.kind !== d.kind)
          throw new Unreadable(`${d.date} 既放假又上班（另见第 ${before.line + 1} 行）`);
        days.set(d.date, { ...d, line: i });
      }
    } catch (e) {
      if (e instanceof Unreadable) return fail(i, e.message);
      throw e;
    }
  }
  if (items === 0)
    return {
      ok: false,
      problem: {
        line: yearAt + 1,
        message: '未找到放假安排：通知的各项应写成“一、元旦：1月1日放假……”这样的编号条目',
      },
    };
  const sorted = [...days.values()]
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .map(({ line: _line, ...d }) => d);
  return { ok: true, notice: { year, title: titleLine, days: sorted } };
}

/** One numbered item: its clauses, each off or worked, with their checks. */
function readItem(festival: string, body: string, year: number): NoticeDay[] {
  // every date (with the weekday in brackets after it) becomes a placeholder ⟨n⟩
  const found: number[] = [];
  let month: number | undefined;
  const marked = body.replace(DATE, (_all, y?: string, m?: string, d?: string, note?: string) => {
    if (m) month = Number(m);
    if (month === undefined) throw new Unreadable(`“${d}日”缺少月份`);
    const yy = y ? Number(y) : year;
    const n = day(yy, month, Number(d));
    if (iso(n) !== `${yy}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      throw new Unreadable(`${month}月${d}日不是有效日期`);
    const said = note ? /(?:周|星期|礼拜)([日天一二三四五六])/.exec(note)?.[1] : undefined;
    if (said) {
      const is = WEEKDAYS[weekday(n)] as string;
      if (said.replace('天', '日') !== is)
        throw new Unreadable(`${yy}年${month}月${d}日是星期${is}，通知写的是星期${said}：请核对年份和日期`);
    }
    found.push(n);
    return `⟨${found.length - 1}⟩`;
  });
  const out: NoticeDay[] = [];
  let lastOff: number[] = [];
  const joinsWeekend = /与周末连休/.test(marked);
  for (const clause of marked.split(/[,.;]/)) {
    const marks = [...clause.matchAll(/⟨(\d+)⟩/g)].map((m) => Number(m[1]));
    const refs = marks.map((i) => found[i] as number);
    const range = /⟨(\d+)⟩\s*(?:至|到)\s*⟨(\d+)⟩/.exec(clause);
    let dates = refs;
    if (range) {
      let from = found[Number(range[1])] as number;
      const to = found[Number(range[2])] as number;
      // 12月31日至1月2日 with no year: the range starts in December of the year before
      if (from > to && monthDay(from)[0] === 12) from = day(year - 1, ...monthDay(from));
      if (to - from > 20 || to < from) throw new Unreadable('日期范围不对，起止日期应在三周之内且先后有序');
      dates = [];
      for (let n = from; n <= to; n++) dates.push(n);
      for (const i of marks)
        if (i !== Number(range[1]) && i !== Number(range[2])) dates.push(found[i] as number);
    }
    const stated = /(?:共|放假)\s*(\d+|[一二两三四五六七八九十]{1,2})\s*天/.exec(clause);
    if (dates.length > 0) {
      const kind = /上班/.test(clause)
        ? 'workday'
        : /放假|补休|休息|调休/.test(clause)
          ? 'holiday'
          : undefined;
      if (!kind) throw new Unreadable('看不出这些日期是放假还是上班');
      for (const n of dates) out.push({ date: iso(n), kind, festival });
      if (kind === 'holiday')
        lastOff = [...out.filter((d) => d.kind === 'holiday').map((d) => dayOf(d.date))];
    }
    if (stated) {
      const said = count(stated[1] as string);
      const counted = spanWithWeekends(lastOff, joinsWeekend);
      if (lastOff.length === 0) throw new Unreadable(`“共${stated[1]}天”前没有放假日期`);
      if (said !== counted)
        throw new Unreadable(`通知写共 ${stated[1]} 天，读出的放假日期是 ${counted} 天：请核对日期`);
    }
  }
  if (out.length === 0) throw new Unreadable('未读出日期（应写成“1月1日放假”或“2月15日至23日放假调休”）');
  return out;
}

function monthDay(n: number): [number, number] {
  const d = new Date(n * 86_400_000);
  return [d.getUTCMonth() + 1, d.getUTCDate()];
}
const dayOf = (date: IsoDate) =>
  day(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));

/** The days off counted as the notice counts them: with the weekend they join (与周末连休). */
function spanWithWeekends(off: number[], joinsWeekend: boolean): number {
  const all = new Set(off);
  if (joinsWeekend) {
    for (const n of off) {
      for (let k = n - 1; weekday(k) === 0 || weekday(k) === 6; k--) all.add(k);
      for (let k = n + 1; weekday(k) === 0 || weekday(k) === 6; k++) all.add(k);
    }
  }
  return all.size;
}

/** The notice as the calendar stores a year: the dates off and the dates worked. */
export function noticeCalendarYear(notice: HolidayNotice): { holidays: IsoDate[]; workdays: IsoDate[] } {
  return {
    holidays: notice.days.filter((d) => d.kind === 'holiday').map((d) => d.date),
    workdays: notice.days.filter((d) => d.kind === 'workday').map((d) => d.date),
  };
}
