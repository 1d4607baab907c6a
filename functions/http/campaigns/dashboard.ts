/** GET /api/campaigns/{id}/dashboard — every region's quota use and counts per state. */

import { httpRoute } from '#lib/http';
import { dashboard } from '#lib/process';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('dashboard', {}, async ({ principal, params }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  return { body: await dashboard(principal) };
});
