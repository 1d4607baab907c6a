/**
 * POST /api/nominations/{id}/unit-publicity/cancel — the unit cancels a unit publicity it started
 * by mistake, with a reason, before closing it: back to the state it was started from (draft, or
 * returned to the unit). The cancelled publicity stays in the audit history.
 */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { reasonBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'cancelUnitPublicity',
  { body: reasonBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'cancelUnitPublicity', change, {
        reason: body.reason,
        record: () => ({ unitPublicity: undefined }),
      }),
      principal,
    ),
);
