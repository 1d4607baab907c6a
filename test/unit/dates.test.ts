import { describe, expect, it } from 'vitest';
import {
  chinaDate,
  cityPublicityStart,
  meetingDate,
  reviewDate,
  unitPublicityStart,
  unitRecommendationDates,
  voteDate,
} from '#shared/dates';
import { decide } from '#shared/workflow';

const today = '2026-12-10';
const noticeDate = '2026-11-18';
const ZH = /[\u4e00-\u9fff]/;

describe('chinaDate', () => {
  it('is the date in China: 16:00 UTC is already the next day', () => {
    expect(chinaDate(new Date('2026-12-06T15:59:59Z'))).toBe('2026-12-06');
    expect(chinaDate(new Date('2026-12-06T16:00:00Z'))).toBe('2026-12-07');
  });
});

describe('the unit recommendation', () => {
  const check = (democraticDate: string, leadershipDecisionDate: string) =>
    unitRecommendationDates({ democraticDate, leadershipDecisionDate, today, noticeDate });

  it('accepts 民主推荐 ≤ 班子研究 ≤ today, the same day included', () => {
    expect(check('2026-12-01', '2026-12-02')).toBeNull();
    expect(check('2026-12-10', '2026-12-10')).toBeNull();
  });

  it('refuses a decision before the recommendation, a future date, a date before the notice, naming the field', () => {
    expect(check('2026-12-05', '2026-12-04')).toMatchObject({
      httpStatus: 400,
      code: 'date_invalid',
      field: 'leadershipDecisionDate',
    });
    expect(check('2026-12-11', '2026-12-12')).toMatchObject({ field: 'democratic.date' });
    expect(check('2026-12-01', '2026-12-11')).toMatchObject({ field: 'leadershipDecisionDate' });
    const early = check('2026-11-17', '2026-12-01');
    expect(early).toMatchObject({ field: 'democratic.date' });
    expect(early?.message).toBe('民主推荐日期（2026年11月17日）不能早于评选通知印发日期（2026年11月18日）');
  });

  it('has no notice bound when the campaign has no notice date', () => {
    expect(
      unitRecommendationDates({ democraticDate: '2020-01-01', leadershipDecisionDate: '2020-01-02', today }),
    ).toBeNull();
  });
});

describe('the unit publicity’s first day', () => {
  const base = { today, noticeDate, democraticDate: '2026-12-03', leadershipDecisionDate: '2026-12-04' };

  it('accepts today without a photo, and an earlier day with the photo of the posted notice', () => {
    expect(unitPublicityStart({ ...base, postedOn: today, noticeScan: false })).toBeNull();
    expect(unitPublicityStart({ ...base, postedOn: '2026-12-07', noticeScan: true })).toBeNull();
    expect(unitPublicityStart({ ...base, postedOn: '2026-12-04', noticeScan: true })).toBeNull();
  });

  it('asks for the photo when it was posted before the day it is entered (409)', () => {
    expect(unitPublicityStart({ ...base, postedOn: '2026-12-07', noticeScan: false })).toMatchObject({
      httpStatus: 409,
      code: 'notice_photo_required',
      field: 'noticeScanId',
    });
  });

  it('refuses a day before the decision or the recommendation, or in the future', () => {
    expect(unitPublicityStart({ ...base, postedOn: '2026-12-03', noticeScan: true })).toMatchObject({
      httpStatus: 400,
      field: 'postedOn',
    });
    expect(
      unitPublicityStart({
        ...base,
        leadershipDecisionDate: undefined,
        postedOn: '2026-12-02',
        noticeScan: true,
      }),
    ).toMatchObject({ field: 'postedOn' });
    expect(unitPublicityStart({ ...base, postedOn: '2026-12-11', noticeScan: true })?.message).toMatch(ZH);
  });
});

describe('the review meeting, its votes and the city publicity', () => {
  it('holds the meeting on or before today, not before the notice', () => {
    expect(meetingDate({ date: today, today, noticeDate })).toBeNull();
    expect(meetingDate({ date: '2026-12-11', today, noticeDate })).toMatchObject({
      field: 'date',
      httpStatus: 400,
    });
    expect(meetingDate({ date: '2026-11-01', today, noticeDate })).toMatchObject({ field: 'date' });
  });

  it('takes votes only from the meeting day on', () => {
    expect(voteDate({ meetingDate: today, today })).toBeNull();
    expect(voteDate({ meetingDate: '2026-12-11', today })).toMatchObject({
      httpStatus: 409,
      code: 'meeting_not_held',
      field: 'meeting.date',
    });
  });

  it('starts a publicity round after the meeting, not after today', () => {
    expect(cityPublicityStart({ startsOn: today, today, meetingDate: today })).toBeNull();
    expect(cityPublicityStart({ startsOn: '2026-12-09', today, meetingDate: today })).toMatchObject({
      field: 'startsOn',
      httpStatus: 400,
    });
    expect(cityPublicityStart({ startsOn: '2026-12-11', today, meetingDate: today })).toMatchObject({
      field: 'startsOn',
    });
    expect(cityPublicityStart({ startsOn: today, today })).toMatchObject({ code: 'meeting_missing' });
  });

  it('dates the county’s records between the notice and today', () => {
    expect(reviewDate({ date: today, what: '意见日期', today, noticeDate })).toBeNull();
    expect(reviewDate({ date: '2026-12-11', what: '意见日期', today, noticeDate })?.message).toContain(
      '意见日期',
    );
  });
});

describe('cancelling a unit publicity and copying an ended nomination (workflow)', () => {
  const facts = { category: 'worker' as const };
  it('cancels back to the state the publicity started from, with a reason', () => {
    expect(
      decide({ status: 'unit_publicity', action: 'cancelUnitPublicity', role: 'unit', facts }),
    ).toMatchObject({
      ok: false,
      code: 'reason_required',
    });
    expect(
      decide({
        status: 'unit_publicity',
        action: 'cancelUnitPublicity',
        role: 'unit',
        facts: { ...facts, reason: '填错' },
      }),
    ).toEqual({ ok: true, next: 'draft', quota: 0 });
    expect(
      decide({
        status: 'unit_publicity',
        action: 'cancelUnitPublicity',
        role: 'unit',
        facts: { ...facts, reason: '填错', statusBeforePublicity: 'returned_to_unit' },
      }),
    ).toEqual({ ok: true, next: 'returned_to_unit', quota: 0 });
    expect(
      decide({ status: 'unit_publicized', action: 'cancelUnitPublicity', role: 'unit', facts }),
    ).toMatchObject({
      code: 'wrong_state',
    });
  });

  it('copies a withdrawn or declined nomination once; the city office’s end states are final', () => {
    for (const status of ['withdrawn', 'not_recommended'] as const)
      expect(decide({ status, action: 'copyToDraft', role: 'unit', facts })).toMatchObject({
        ok: true,
        next: status,
      });
    expect(
      decide({
        status: 'withdrawn',
        action: 'copyToDraft',
        role: 'unit',
        facts: { ...facts, copiedTo: 'x' },
      }),
    ).toMatchObject({ code: 'already_copied' });
    for (const status of ['not_selected', 'revoked', 'confirmed', 'draft'] as const)
      expect(decide({ status, action: 'copyToDraft', role: 'unit', facts })).toMatchObject({
        code: 'wrong_state',
      });
    expect(decide({ status: 'withdrawn', action: 'copyToDraft', role: 'county', facts })).toMatchObject({
      code: 'role_not_allowed',
    });
  });
});
