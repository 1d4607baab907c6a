/** POST /api/regions/{region}/submit — the county sends its recommended nominees to the city office. */
import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { regionFor, submitRegionToCity } from '#lib/process';

export const handler = httpRoute('submitToCity', {}, async ({ principal, params, change }) => {
  const regionId = regionFor(principal, await getCampaign(principal.campaignId), params.region);
  return { body: await submitRegionToCity(principal, regionId, change) };
});
