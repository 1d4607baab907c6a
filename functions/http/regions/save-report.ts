/** PUT /api/regions/{region}/report — the county writes its 审核推荐工作报告. */

import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { getCountyReport, regionFor, saveCountyReport } from '#lib/process';
import { countyReportBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'saveCountyReport',
  { body: countyReportBody },
  async ({ principal, params, body, change }) => {
    const regionId = regionFor(principal, await getCampaign(principal.campaignId), params.region);
    await saveCountyReport(principal, regionId, body, change);
    return { body: { regionId, report: await getCountyReport(principal.campaignId, regionId) } };
  },
);
