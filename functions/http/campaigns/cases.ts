/** GET /api/campaigns/{id}/cases — every objection case with its nominee, unit and region; phones masked. */

import { getCampaign } from '#lib/campaigns';
import { withNominees } from '#lib/cases';
import { httpRoute } from '#lib/http';
import { listCases } from '#lib/process';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('listCases', {}, async ({ principal, params }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  const [campaign, cases] = await Promise.all([
    getCampaign(principal.campaignId),
    listCases(principal.campaignId),
  ]);
  return { body: { cases: await withNominees(campaign, cases) } };
});
