/** GET /api/me — who the token belongs to. */
import { httpRoute } from '#lib/http';

export const handler = httpRoute('me', {}, async ({ principal }) => ({ body: { principal } }));
