/** POST /api/nominations/{id}/unit-publicity/close — after the last day, the unit records how its publicity ended. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';
import { closeUnitPublicityBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'closeUnitPublicity',
  { body: closeUnitPublicityBody },
  async ({ principal, params, body, change }) =>
    stepAnswer(
      await takeStep(principal, params.id as string, 'closeUnitPublicity', change, {
        // Without a publicity there is nothing to close: the state check refuses it (409).
        record: (current) =>
          current.unitPublicity
            ? {
                unitPublicity: {
                  ...current.unitPublicity,
                  outcome: body.outcome,
                  ...(body.note ? { note: body.note } : {}),
                },
              }
            : {},
      }),
      principal,
    ),
);
