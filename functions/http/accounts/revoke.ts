/** POST /api/accounts/{id}/revoke — stop an account: its code and its tokens are refused at once. */
import { revokeAccount } from '#lib/account-admin';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('revokeAccount', {}, async ({ principal, params, change }) => ({
  body: await revokeAccount(principal, params.id as string, change),
}));
