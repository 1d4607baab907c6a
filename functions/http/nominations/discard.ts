/** DELETE /api/nominations/{id} — a unit deletes a draft (kept, hidden, for the record). */
import { httpRoute } from '#lib/http';
import { discardNomination } from '#lib/nominations';

export const handler = httpRoute('discardNomination', {}, async ({ principal, params, change }) => {
  const n = await discardNomination(principal, params.id as string, change);
  return { body: { id: n.id, status: n.status } };
});
