/** GET /api/health — answers without touching anything, for load balancers and the start script. */
import { httpRoute } from '#lib/http';

export const handler = httpRoute('health', {}, async ({ now }) => ({
  body: { status: 'ok', time: now.toISOString() },
}));
