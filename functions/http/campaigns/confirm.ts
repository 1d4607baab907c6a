/** POST /api/campaigns/{id}/confirm — after the publicity, with no open case, the list becomes final. */

import { httpRoute } from '#lib/http';
import { confirmList } from '#lib/process';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('confirmList', {}, async ({ principal, params, change }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  return { body: await confirmList(principal, change) };
});
