/** GET /api/campaigns/{id} — the campaign and the quota and share-rule use the caller may see. */

import { getCampaign, quotaUse, shareUse } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { quotasInOrder } from '#shared/campaign';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('getCampaign', {}, async ({ principal, params }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  const [campaign, quotas] = await Promise.all([
    getCampaign(principal.campaignId),
    quotaUse(principal.campaignId, principal),
  ]);
  // the share rules' counters are read only where a rule applies to the caller
  const shares = await shareUse(campaign, principal);
  return {
    body: { campaign, quotas: quotasInOrder(campaign, quotas), ...(shares.length ? { shares } : {}) },
  };
});
