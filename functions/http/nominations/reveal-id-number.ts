/** POST /api/nominations/{id}/id-number — the county or city office sees a whole ID number; logged. */
import { httpRoute } from '#lib/http';
import { revealIdNumber } from '#lib/nominations';

export const handler = httpRoute('revealIdNumber', {}, async ({ principal, params, change }) => ({
  body: { idNumber: await revealIdNumber(principal, params.id as string, change) },
}));
