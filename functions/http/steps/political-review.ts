/** PUT /api/nominations/{id}/political-review — the county records its political review (政治审查). */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { politicalReviewBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordPoliticalReview',
  { body: politicalReviewBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'recordPoliticalReview', change, {
        record: () => ({ politicalReview: body }),
      }),
      principal,
    ),
);
