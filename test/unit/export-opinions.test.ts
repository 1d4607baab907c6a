import { describe, expect, it } from 'vitest';
import { approvalDocx } from '#lib/documents/approval-docx';
import { recordedOpinions } from '../../functions/lib/export-opinions.ts';
import { campaign, docxPart, docxText, qingfeng, worker } from './documents/fixtures.ts';

const recorded = {
  category: 'worker' as const,
  unitRecommendation: {
    democratic: { date: '2024-02-05', voters: 30, votesFor: 27 },
    leadershipDecisionDate: '2024-02-06',
  },
  recommendedOn: '2024-02-28',
  vote: { for: 9, against: 0, abstain: 0, present: 9, members: 9 },
  votedOn: '2024-03-01',
};

describe('the 审批表’s opinion boxes from the record', () => {
  it('dates the county’s box with its recommendation and fills the city’s after a vote that passed', () => {
    expect(recordedOpinions({ ...recorded, status: 'passed' })).toEqual({
      unit: { text: '同意推荐', date: '2024-02-06' },
      county: { text: '同意推荐', date: '2024-02-28' },
      city: { text: '经市评选工作领导小组审议，同意评为先进工作者。', date: '2024-03-01' },
    });
    expect(recordedOpinions({ ...recorded, category: 'collective', status: 'confirmed' }).city?.text).toBe(
      '经市评选工作领导小组审议，同意评为先进集体。',
    );
  });

  it('names the body that voted and the category as the campaign’s definition does', () => {
    const passed = { ...recorded, status: 'passed' as const };
    // Puyang's definition says what the code always said
    expect(recordedOpinions(passed, undefined, campaign).city?.text).toBe(
      '经市评选工作领导小组审议，同意评为先进工作者。',
    );
    expect(recordedOpinions({ ...passed, category: 'class-teacher' }, undefined, qingfeng).city?.text).toBe(
      '经县教体局评审委员会审议，同意评为优秀班主任。',
    );
  });

  it('leaves the city’s box blank before the vote, and the county’s before its recommendation', () => {
    const { vote: _v, votedOn: _d, ...unvoted } = recorded;
    expect(recordedOpinions({ ...unvoted, status: 'city_review' }, '2024-03-01').city).toBeUndefined();
    expect(recordedOpinions({ ...recorded, status: 'submitted' }).county).toBeUndefined();
    // a vote recorded before votes carried their meeting's date: the meeting's
    const { votedOn: _o, ...older } = recorded;
    expect(recordedOpinions({ ...older, status: 'city_publicity' }, '2024-03-02').city?.date).toBe(
      '2024-03-02',
    );
  });

  it('prints them in the 审批表 with their dates, the seal line left for the stamp', async () => {
    const text = docxText(
      docxPart(
        await approvalDocx(
          campaign,
          worker({ opinions: recordedOpinions({ ...recorded, status: 'passed' }) }),
        ),
      ),
    );
    expect(text).toContain('经市评选工作领导小组审议，同意评为先进工作者。');
    expect(text).toContain('2024年3月1日');
    expect(text).toContain('2024年2月28日');
    expect(text).toContain('（盖章）');
  });
});
