/** POST /api/audit/anchors — the city office pins the audit history now (a daily job does it too). */
import { anchorCampaignAudit } from '#lib/audit';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('anchorAudit', {}, async ({ principal, change }) => ({
  statusCode: 201,
  body: await anchorCampaignAudit(principal.campaignId, change),
}));
