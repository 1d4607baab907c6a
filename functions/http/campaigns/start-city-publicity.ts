/**
 * POST /api/campaigns/{id}/city-publicity — start the next round of the city publicity (the
 * nominees who passed and are not yet published, 5 working days), or with `dryRun` only preview
 * it: who goes in, regions not yet reported, nominees still awaiting a vote.
 */

import { httpRoute } from '#lib/http';
import { previewRound, startRound } from '#lib/publicity-rounds';
import { NotFoundError } from '#shared/errors';
import { cityPublicityBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'startCityPublicity',
  { body: cityPublicityBody },
  async ({ principal, params, body, change, now }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    return {
      body: body.dryRun
        ? await previewRound(principal, body.startsOn, now)
        : await startRound(principal, body.startsOn, change, now),
    };
  },
);
