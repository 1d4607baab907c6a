/** PUT /api/nominations/{id}/political-review — the county records its political review (政治审查). */

import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { assertDates, takeStep } from '#lib/workflow-steps';
import { reviewDate } from '#shared/dates';
import { politicalReviewBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordPoliticalReview',
  { body: politicalReviewBody },
  async ({ principal, params, body, change, now }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'recordPoliticalReview', change, {
        record: (_current, campaign) => {
          assertDates(
            reviewDate({
              date: body.date,
              what: '政治审查日期',
              today: chinaToday(now),
              ...(campaign.noticeDate ? { noticeDate: campaign.noticeDate } : {}),
            }),
          );
          return { politicalReview: body };
        },
      }),
      principal,
    ),
);
