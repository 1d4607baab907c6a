/** GET /api/regions/{region}/report — a county's 审核推荐工作报告 (its own region; the city office any). */

import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { getCountyReport, regionFor } from '#lib/process';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('getCountyReport', {}, async ({ principal, params }) => {
  const regionId = regionFor(principal, await getCampaign(principal.campaignId), params.region);
  const report = await getCountyReport(principal.campaignId, regionId);
  if (!report) throw new NotFoundError('尚未撰写审核推荐工作报告', 'no_report');
  return { body: { regionId, report } };
});
