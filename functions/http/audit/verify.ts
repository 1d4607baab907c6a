/** GET /api/audit/verify — recompute the campaign's whole history and report the first broken link of each chain. */
import { verifyCampaignAudit } from '#lib/audit';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('verifyAudit', {}, async ({ principal, now }) => ({
  body: await verifyCampaignAudit(principal.campaignId, now),
}));
