/** POST /api/nominations/{id}/submit — the unit submits to its county, before the deadline. */
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { count } from '#lib/observability';
import { takeStep } from '#lib/workflow-steps';

export const handler = httpRoute('submitToCounty', {}, async ({ principal, params, change }) => {
  const step = await takeStep(principal, params.id as string, 'submitToCounty', change, {
    record: () => ({ submittedAt: change.now }),
  });
  count('NominationsSubmitted');
  return stepAnswer(step, principal);
});
