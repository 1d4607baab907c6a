/** POST /api/nominations/{id}/return-to-unit — 县区退回推荐单位，须写明理由. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { reasonBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'returnToUnit',
  { body: reasonBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'returnToUnit', change, { reason: body.reason }),
      principal,
    ),
);
