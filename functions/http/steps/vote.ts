/**
 * POST /api/nominations/{id}/vote — the city office records the review meeting's vote on a
 * nominee, with its 评审得分 when the notice ranks by score (and without one when it does not).
 */

import { getCampaign } from '#lib/campaigns';
import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { assertDates, takeStep } from '#lib/workflow-steps';
import { voteDate } from '#shared/dates';
import { ValidationError } from '#shared/errors';
import { scoreProblem } from '#shared/vote-score';
import { voteBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordVote',
  { body: voteBody },
  async ({ principal, params, body, change, now }) => {
    const campaign = await getCampaign(principal.campaignId);
    const wrongScore = scoreProblem(campaign, body.score);
    if (wrongScore) throw new ValidationError(wrongScore.message, 'score', wrongScore.code);
    const meeting = campaign.meeting;
    if (!meeting)
      throw new ValidationError('请先登记评审会（日期、成员人数、到会人数）', 'meeting', 'meeting_missing');
    assertDates(voteDate({ meetingDate: meeting.date, today: chinaToday(now) }));
    const vote = { ...body, present: meeting.present, members: meeting.members };
    return stepAnswer(
      await takeStep(principal, params.id as string, 'recordVote', change, {
        record: () => ({ vote, votedOn: meeting.date }),
      }),
      principal,
    );
  },
);
