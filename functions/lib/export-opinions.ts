/**
 * The opinion boxes of a nominee's 审批表 as the record fills them: 推荐单位意见 dated with the
 * leadership decision; 县（区）审核意见 dated with the county's recommendation (the day it took
 * a place of its quota, not the political review); 市评选工作领导小组意见 once the review meeting
 * has passed the nominee, with the meeting's date. The seal line is left for the stamp.
 */
import { CATEGORY_LABELS, type Campaign, categoryLabel } from '#shared/campaign';
import { categoryDocument } from '#shared/definition/documents';
import type { Opinion } from './documents/types.ts';
import type { NominationItem } from './nomination-records.ts';

/** States in which the county's recommendation stands. */
const RECOMMENDED = ['recommended', 'city_review', 'passed', 'city_publicity', 'confirmed'];
/** States reached only by a vote that passed. */
const PASSED = ['passed', 'city_publicity', 'confirmed'];

export function recordedOpinions(
  n: Pick<
    NominationItem,
    'category' | 'status' | 'unitRecommendation' | 'recommendedOn' | 'vote' | 'votedOn'
  >,
  /** The review meeting's date, for votes recorded before each vote carried its own. */
  meetingDate?: string,
  /** Names the category and the body that voted (its box on the 审批表); without it, Puyang's. */
  campaign?: Pick<Campaign, 'definition'>,
): { unit?: Opinion; county?: Opinion; city?: Opinion } {
  const cityDate = n.votedOn ?? meetingDate;
  const box = campaign && categoryDocument(campaign.definition, 'approvalForm', n.category)?.opinionBoxes[2];
  const body = box?.replace(/意见$/, '') || '市评选工作领导小组';
  const label = campaign ? categoryLabel(campaign, n.category) : CATEGORY_LABELS[n.category];
  return {
    ...(n.unitRecommendation
      ? { unit: { text: '同意推荐', date: n.unitRecommendation.leadershipDecisionDate } }
      : {}),
    ...(RECOMMENDED.includes(n.status) ? { county: { text: '同意推荐', date: n.recommendedOn ?? '' } } : {}),
    ...(n.vote && PASSED.includes(n.status) && cityDate
      ? {
          city: {
            text: `经${body}审议，同意评为${label}。`,
            date: cityDate,
          },
        }
      : {}),
  };
}
