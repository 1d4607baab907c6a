/**
 * POST /api/nominations/{id}/copy — a unit copies its withdrawn or declined nomination into a new
 * draft (form, ID number, unit recommendation, photo); answers 201 with the new draft. Both
 * records link to each other and each has the event on its chain.
 */
import { copyNomination } from '#lib/copy-nomination';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';

export const handler = httpRoute('copyNomination', {}, async ({ principal, params, change }) => ({
  statusCode: 201,
  ...(await stepAnswer(await copyNomination(principal, params.id as string, change), principal)),
}));
