/** GET /api/me — who the token belongs to, in its campaign, and every campaign the account takes part in. */
import { getAccount, participationsOf } from '#lib/accounts';
import { httpRoute } from '#lib/http';
import { campaignChoices } from '#lib/sessions';

export const handler = httpRoute('me', {}, async ({ principal }) => {
  // the account was read a moment ago by the authentication: it exists
  const account = await getAccount(principal.accountId);
  const campaigns = account ? await campaignChoices(await participationsOf(account)) : [];
  return { body: { principal, campaigns } };
});
