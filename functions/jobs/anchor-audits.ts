/** Daily: pin every campaign's audit history with an anchor in the records bucket. */
import { anchorCampaignAudit } from '#lib/audit';
import { campaignIds } from '#lib/campaigns';
import { now as clockNow } from '#lib/clock';
import { eventFunction } from '#lib/observability';

export const handler = eventFunction(async (): Promise<{ anchored: number }> => {
  const ids = await campaignIds();
  for (const id of ids) {
    const now = clockNow().toISOString();
    await anchorCampaignAudit(id, {
      actor: { accountId: 'anchor-job', role: 'system' },
      requestId: `anchor-${now}`,
      now,
    });
  }
  return { anchored: ids.length };
});
