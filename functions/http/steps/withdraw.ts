/** POST /api/nominations/{id}/withdraw — 撤回推荐（县区推荐前），须写明理由. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { reasonBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'withdraw',
  { body: reasonBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'withdraw', change, { reason: body.reason }),
      principal,
    ),
);
