/** GET /api/regions/{region}/report — a county's 审核推荐工作报告 (its own region; the city office any). */

import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { getCountyReport, regionFor } from '#lib/process';
import { NotFoundError } from '#shared/errors';
import { countyReportRequired } from '#shared/workflow';

export const handler = httpRoute('getCountyReport', {}, async ({ principal, params }) => {
  const campaign = await getCampaign(principal.campaignId);
  const regionId = regionFor(principal, campaign, params.region);
  const report = await getCountyReport(principal.campaignId, regionId);
  if (!report && !countyReportRequired(campaign))
    throw new NotFoundError(
      '本次评选通知不要求撰写审核推荐工作报告，推荐后可直接报送',
      'report_not_required',
    );
  if (!report) throw new NotFoundError('尚未撰写审核推荐工作报告', 'no_report');
  return { body: { regionId, report } };
});
