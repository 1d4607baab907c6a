/** GET /api/health — answers without touching anything, for load balancers and the start script. */
import { publicRoute } from '#lib/http-core';

export const handler = publicRoute('health', {}, async ({ now }) => ({
  body: { status: 'ok', time: now.toISOString() },
}));
