/** GET /api/campaigns/{id}/cases — every objection case, phones masked. */

import { httpRoute } from '#lib/http';
import { listCases } from '#lib/process';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('listCases', {}, async ({ principal, params }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  return { body: { cases: await listCases(principal.campaignId) } };
});
