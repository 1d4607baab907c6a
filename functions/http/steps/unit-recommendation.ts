/** PUT /api/nominations/{id}/unit-recommendation — the unit records its democratic recommendation and leadership decision. */

import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { assertDates, takeStep } from '#lib/workflow-steps';
import { unitRecommendationDates } from '#shared/dates';
import { unitRecommendationBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordUnitRecommendation',
  { body: unitRecommendationBody },
  async ({ principal, params, body, change, now }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'edit', change, {
        record: (_current, campaign) => {
          assertDates(
            unitRecommendationDates({
              democraticDate: body.democratic.date,
              leadershipDecisionDate: body.leadershipDecisionDate,
              today: chinaToday(now),
              ...(campaign.noticeDate ? { noticeDate: campaign.noticeDate } : {}),
            }),
          );
          return { unitRecommendation: body };
        },
      }),
      principal,
    ),
);
