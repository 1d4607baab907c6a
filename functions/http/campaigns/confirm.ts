/**
 * POST /api/campaigns/{id}/confirm — confirm every published nominee whose own publicity round
 * has ended with no open objection case; the others are named as waiting or refused.
 */

import { httpRoute } from '#lib/http';
import { confirmEnded } from '#lib/publicity-rounds';
import { NotFoundError } from '#shared/errors';

export const handler = httpRoute('confirmList', {}, async ({ principal, params, change, now }) => {
  if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
  return { body: await confirmEnded(principal, change, now) };
});
