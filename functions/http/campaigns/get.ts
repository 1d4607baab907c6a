/** GET /api/campaigns/{id} — the campaign and the quota use the caller may see. */

import { getCampaign, quotaUse } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('getCampaign', {}, async ({ principal, params }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  const [campaign, quotas] = await Promise.all([
    getCampaign(principal.campaignId),
    quotaUse(principal.campaignId, principal),
  ]);
  return { body: { campaign, quotas } };
});
