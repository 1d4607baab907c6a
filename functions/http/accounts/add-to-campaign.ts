/** POST /api/accounts/{id}/campaigns — an account of this campaign takes part in another campaign the city office runs. */
import { addToCampaign } from '#lib/account-admin';
import { httpRoute } from '#lib/http';
import { campaignIdBody } from '#shared/api';

export const handler = httpRoute(
  'addToCampaign',
  { body: campaignIdBody },
  async ({ principal, params, body, change }) => ({
    statusCode: 201,
    body: await addToCampaign(principal, params.id as string, body.campaignId, change),
  }),
);
