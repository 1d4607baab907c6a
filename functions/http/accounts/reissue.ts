/** POST /api/accounts/{id}/code — a new code for an account; the old one stops working. */
import { reissueCode } from '#lib/account-admin';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('reissueCode', {}, async ({ principal, params, change }) => ({
  body: await reissueCode(principal, params.id as string, change),
}));
