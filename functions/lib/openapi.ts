/**
 * The OpenAPI 3.1 document, generated from the route table and the body schemas it holds, the
 * very objects the handlers parse with, so the description cannot drift from what the API enforces.
 */
import { toJSONSchema } from 'zod/mini';
import { routes } from '../routes.ts';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable machine-readable code' },
        message: { type: 'string', description: 'zh-CN, for the user' },
        field: { type: 'string', description: 'the request field at fault, when there is one' },
      },
    },
  },
};

let doc: object | undefined;

export function openApiDocument(): object {
  doc ??= build();
  return doc;
}

function build(): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const body = r.body;
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      operationId: r.id,
      summary: r.summary,
      ...(r.access === 'public' ? { security: [] } : { 'x-roles': r.access }),
      ...(params.length ? { parameters: params } : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJSONSchema(body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK' },
        '4XX': {
          description: '客户端错误',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '评选 Pingxuan API', version: '1' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
