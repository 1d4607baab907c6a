/** GET /api/openapi.json — the API described from the route table and the zod schemas. */
import { httpRoute } from '#lib/http';
import { openApiDocument } from '#lib/openapi';

export const handler = httpRoute('openapi', {}, async () => ({ body: openApiDocument() }));
