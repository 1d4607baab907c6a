/**
 * The dates of the process checked against each other and against today (issue: "two reviews,
 * two publicities" must happen in order, and none of it in the future or before the notice):
 *
 * - 民主推荐 ≤ 班子研究 ≤ 单位公示开始 ≤ today, none before the campaign's notice date;
 * - a unit publicity that started before the day it is entered needs the photo of the posted
 *   notice first (proof that it was really posted then);
 * - the review meeting's date ≤ today, not before the notice; votes only on or after it;
 * - a city publicity round starts on or after the meeting, and not after today;
 * - the county's political review and opinions are dated between the notice and today.
 *
 * Pure rules: the web forms call them for an instant Chinese message under the field, the API
 * for its 400 (a date out of order or range) or 409 (a step taken too early), with `field`.
 * Dates are ISO 'YYYY-MM-DD'; comparing them as strings compares them as days.
 */
import { inLevels, type LevelNames } from './levels.ts';
import { officialDate } from './text.ts';

/** One date rule broken: the HTTP status the API answers with, a stable code, the field, zh-CN. */
export interface DateProblem {
  httpStatus: 400 | 409;
  code: string;
  field: string;
  message: string;
}

/** The calendar day `n` days after (or before, when negative) an ISO date. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar date in China (UTC+8, no daylight saving) at an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const problem = (field: string, message: string, code = 'date_invalid', httpStatus: 400 | 409 = 400) => ({
  httpStatus,
  code,
  field,
  message,
});

/** The first of `checks` that fails, or null. */
function first(checks: (DateProblem | null | false | '' | undefined)[]): DateProblem | null {
  return checks.find((c): c is DateProblem => !!c) ?? null;
}

/** A date must not be after today, nor before the campaign's notice (when the campaign has one). */
function inCampaign(field: string, what: string, date: string, today: string, noticeDate?: string) {
  if (date > today)
    return problem(field, `${what}（${officialDate(date)}）不能晚于今天（${officialDate(today)}）`);
  if (noticeDate && date < noticeDate) {
    return problem(
      field,
      `${what}（${officialDate(date)}）不能早于评选通知印发日期（${officialDate(noticeDate)}）`,
    );
  }
  return null;
}

/** The democratic recommendation, then the leadership team's decision: in that order, both past. */
export function unitRecommendationDates(input: {
  democraticDate: string;
  leadershipDecisionDate: string;
  today: string;
  noticeDate?: string;
}): DateProblem | null {
  const { democraticDate, leadershipDecisionDate, today, noticeDate } = input;
  return first([
    inCampaign('democratic.date', '民主推荐日期', democraticDate, today, noticeDate),
    inCampaign('leadershipDecisionDate', '领导班子集体研究日期', leadershipDecisionDate, today, noticeDate),
    leadershipDecisionDate < democraticDate &&
      problem(
        'leadershipDecisionDate',
        `领导班子集体研究日期（${officialDate(leadershipDecisionDate)}）不能早于民主推荐日期（${officialDate(democraticDate)}）`,
      ),
  ]);
}

/**
 * The unit publicity's first day: not before the leadership decision (nor the democratic
 * recommendation), not after today, not before the notice. Started before the day it is entered
 * (`today`), it needs the photo of the posted notice (`noticeScan`), else 409 notice_photo_required.
 */
export function unitPublicityStart(input: {
  postedOn: string;
  today: string;
  noticeDate?: string;
  democraticDate?: string;
  leadershipDecisionDate?: string;
  noticeScan: boolean;
}): DateProblem | null {
  const { postedOn, today, noticeDate, democraticDate, leadershipDecisionDate } = input;
  return first([
    inCampaign('postedOn', '公示张贴日期', postedOn, today, noticeDate),
    leadershipDecisionDate &&
      postedOn < leadershipDecisionDate &&
      problem(
        'postedOn',
        `公示张贴日期（${officialDate(postedOn)}）不能早于领导班子集体研究日期（${officialDate(leadershipDecisionDate)}）`,
      ),
    democraticDate &&
      postedOn < democraticDate &&
      problem(
        'postedOn',
        `公示张贴日期（${officialDate(postedOn)}）不能早于民主推荐日期（${officialDate(democraticDate)}）`,
      ),
    postedOn < today &&
      !input.noticeScan &&
      problem(
        'noticeScanId',
        `公示张贴日期（${officialDate(postedOn)}）早于今天，须先上传张贴公示的照片作为凭证`,
        'notice_photo_required',
        409,
      ),
  ]);
}

/** The review meeting: held (not in the future), not before the notice. */
export function meetingDate(input: { date: string; today: string; noticeDate?: string }): DateProblem | null {
  return inCampaign('date', '评审会日期', input.date, input.today, input.noticeDate);
}

/** Votes are recorded only once the meeting has been held: on or after its date. */
export function voteDate(input: { meetingDate: string; today: string }): DateProblem | null {
  if (input.today >= input.meetingDate) return null;
  return problem(
    'meeting.date',
    `评审会定于 ${officialDate(input.meetingDate)} 召开，会后才能登记表决结果`,
    'meeting_not_held',
    409,
  );
}

/**
 * A city publicity round: on or after the meeting's day, not after today, not before the notice.
 * `levels`: the campaign's names, to say 市级公示 as its notice does (县级公示).
 */
export function cityPublicityStart(input: {
  startsOn: string;
  today: string;
  meetingDate?: string;
  noticeDate?: string;
  levels?: LevelNames;
}): DateProblem | null {
  const { startsOn, today, meetingDate, levels } = input;
  const found = first([
    !meetingDate && problem('startsOn', '请先登记评审会，会后才能开始市级公示', 'meeting_missing', 409),
    inCampaign('startsOn', '市级公示开始日期', startsOn, today, input.noticeDate),
    meetingDate &&
      startsOn < meetingDate &&
      problem(
        'startsOn',
        `市级公示开始日期（${officialDate(startsOn)}）不能早于评审会日期（${officialDate(meetingDate)}）`,
      ),
  ]);
  return found && levels ? { ...found, message: inLevels(found.message, levels) } : found;
}

/** A county's record (political review, a department's opinion): dated between the notice and today. */
export function reviewDate(input: {
  date: string;
  what: string;
  today: string;
  noticeDate?: string;
}): DateProblem | null {
  return inCampaign('date', input.what, input.date, input.today, input.noticeDate);
}
