/** PUT /api/nominations/{id}/unit-recommendation — the unit records its democratic recommendation and leadership decision. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { unitRecommendationBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordUnitRecommendation',
  { body: unitRecommendationBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'edit', change, {
        record: () => ({ unitRecommendation: body }),
      }),
      principal,
    ),
);
