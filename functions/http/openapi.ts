/** GET /api/openapi.json — the API described from the route table and the zod schemas. */
import { publicRoute } from '#lib/http-core';
import { openApiDocument } from '#lib/openapi';

export const handler = publicRoute('openapi', {}, async () => ({ body: openApiDocument() }));
