/** GET /api/public/campaigns/{id}/publicity — the open city publicity rounds and their nominees, for anyone, without ID numbers or phones. */
import { publicRoute } from '#lib/http-core';
import { publicityList } from '#lib/publicity-rounds';

export const handler = publicRoute('publicity', {}, async ({ params, now }) => ({
  body: await publicityList(params.id as string, now),
  headers: { 'cache-control': 'public, max-age=60' },
}));
