/** POST /api/nominations/{id}/unit-publicity — the unit posts its publicity notice; it lasts 5 working days. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep, unitPublicityPeriod } from '#lib/workflow-steps';
import { startUnitPublicityBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'startUnitPublicity',
  { body: startUnitPublicityBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'startUnitPublicity', change, {
        // A restarted publicity (after a return) starts afresh: no old photo, no old outcome.
        record: (_current, campaign) => ({ unitPublicity: unitPublicityPeriod(body.postedOn, campaign) }),
      }),
      principal,
    ),
);
