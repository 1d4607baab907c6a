/** PUT /api/campaigns/{id}/quotas — new quotas per region, adding up to the totals, never below what is used. */

import { httpRoute } from '#lib/http';
import { setQuotas } from '#lib/process';
import { NotFoundError } from '#shared/errors';
import { quotasBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'setQuotas',
  { body: quotasBody },
  async ({ principal, params, body, change }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    return { body: { regions: (await setQuotas(principal, body.regions, change)).regions } };
  },
);
