/** POST /api/nominations/{id}/decline — 县区不予推荐，须写明理由. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { reasonBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'decline',
  { body: reasonBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'decline', change, { reason: body.reason }),
      principal,
    ),
);
