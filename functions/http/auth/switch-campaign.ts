/** POST /api/session/campaign — a token of another campaign the account takes part in. */
import { httpRoute } from '#lib/http';
import { switchCampaign } from '#lib/sessions';
import { campaignIdBody } from '#shared/api';

export const handler = httpRoute(
  'switchCampaign',
  { body: campaignIdBody },
  async ({ principal, body, now }) => ({ body: await switchCampaign(principal, body.campaignId, now) }),
);
