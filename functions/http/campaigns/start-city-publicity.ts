/** POST /api/campaigns/{id}/city-publicity — publicise the passed list for 5 working days. */

import { httpRoute } from '#lib/http';
import { startCityPublicity } from '#lib/process';
import { NotFoundError } from '#shared/errors';
import { cityPublicityBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'startCityPublicity',
  { body: cityPublicityBody },
  async ({ principal, params, body, change }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    return { body: await startCityPublicity(principal, body.startsOn, change) };
  },
);
