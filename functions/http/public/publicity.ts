/** GET /api/public/campaigns/{id}/publicity — the publicity list, for anyone, without ID numbers or phones. */
import { publicRoute } from '#lib/http-core';
import { publicityList } from '#lib/process';

export const handler = publicRoute('publicity', {}, async ({ params }) => ({
  body: await publicityList(params.id as string),
  headers: { 'cache-control': 'public, max-age=60' },
}));
