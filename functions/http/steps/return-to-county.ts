/** POST /api/nominations/{id}/return-to-county — 市评选办退回县区，须写明理由. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { reasonBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'returnToCounty',
  { body: reasonBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'returnToCounty', change, { reason: body.reason }),
      principal,
    ),
);
