/** POST /api/nominations/{id}/recommend — the county recommends; a place of its quota is taken atomically. */
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';

export const handler = httpRoute('recommend', {}, async ({ principal, params, change }) =>
  stepAnswer(await takeStep(principal, params.id as string, 'recommend', change), principal),
);
