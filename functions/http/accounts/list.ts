/** GET /api/accounts — the campaign's accounts, without codes. */
import { listAccounts } from '#lib/account-admin';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('listAccounts', {}, async ({ principal }) => ({
  body: { accounts: await listAccounts(principal.campaignId) },
}));
