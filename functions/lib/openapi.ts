/**
 * The OpenAPI 3.1 document, generated from the route table and the schemas it holds: the request
 * bodies and queries the handlers parse with, and the answers (lib/api-responses.ts) the
 * integration tests hold every answer to. The description cannot drift from what the API does.
 */

import type * as z from 'zod/mini';
import { toJSONSchema } from 'zod/mini';
import type { HttpRoute } from '../routes.ts';
import { routes } from '../routes.ts';
import { responseSchemas } from './api-responses.ts';

/** The error answers, by status: each a component of the document with the shared error body. */
const ERRORS = {
  400: ['BadRequest', '请求有误（字段、请求体、路径或查询参数）'],
  401: ['Unauthorized', '未登录、令牌无效或已失效，或登录码有误'],
  403: ['Forbidden', '当前账号的角色无权进行此操作'],
  404: ['NotFound', '记录不存在或无权查看（不区分二者）'],
  409: ['Conflict', '记录已被他人修改，或此步骤不符合当前状态'],
  413: ['PayloadTooLarge', '请求内容过大'],
  415: ['UnsupportedMediaType', '请求内容须为 JSON'],
  429: ['TooManyRequests', '请求过于频繁；retry-after 给出可重试的秒数'],
  500: ['InternalError', '服务器内部错误（不透露原因）'],
  503: ['ServiceUnavailable', '服务暂时不可用或超时；retry-after 给出可重试的秒数'],
} as const;
type ErrorStatus = keyof typeof ERRORS;

/**
 * The error statuses a route may answer with. Every route: 400 (a body where none is read, a bad
 * path), 413 (the gateway's size limit), 500 and 503. Signed-in routes: 401, 403 and 404 (the
 * campaign or record the caller names). Routes with path parameters: 404. Routes that write: 409.
 * Routes that read a body: 415. Rate-limited routes: 429. Logging in: 401 for a wrong code.
 */
export function errorStatuses(route: HttpRoute): ErrorStatus[] {
  const signedIn = route.access !== 'public';
  const out: ErrorStatus[] = [400];
  if (signedIn || route.id === 'login') out.push(401);
  if (signedIn) out.push(403);
  if (signedIn || route.path.includes('{')) out.push(404);
  if (route.grants.table === 'write' && route.id !== 'login') out.push(409);
  out.push(413);
  if (route.body) out.push(415);
  if (route.limited) out.push(429);
  out.push(500, 503);
  return out;
}

/** The name under components/schemas of a schema a route answers with. */
export function schemaName(schema: z.ZodMiniType): string {
  const id = responseSchemas.get(schema)?.id;
  if (!id) throw new Error('an answer schema of the route table is not named in lib/api-responses.ts');
  return id;
}

const ref = (schema: z.ZodMiniType) => ({ $ref: `#/components/schemas/${schemaName(schema)}` });
const json = (schema: object) => ({ 'application/json': { schema } });

let doc: object | undefined;

export function openApiDocument(): object {
  doc ??= build();
  return doc;
}

/** A route's query schema as `in: query` parameters: name, required, schema and description. */
function queryParameters(query: z.ZodMiniType) {
  const s = toJSONSchema(query, { io: 'input' }) as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(s.properties ?? {}).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: (s.required ?? []).includes(name),
    ...(description ? { description } : {}),
    schema,
  }));
}

function operation(r: HttpRoute) {
  const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const parameters = [...params, ...(r.query ? queryParameters(r.query) : [])];
  const responses: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(r.responses)) {
    responses[status] = schema
      ? { description: responseSchemas.get(schema)?.description ?? 'OK', content: json(ref(schema)) }
      : { description: '成功，无返回内容' };
  }
  for (const status of errorStatuses(r)) {
    responses[status] = { $ref: `#/components/responses/${ERRORS[status][0]}` };
  }
  return {
    operationId: r.id,
    summary: r.summary,
    ...(r.access === 'public' ? { security: [] } : { 'x-roles': r.access }),
    ...(parameters.length ? { parameters } : {}),
    ...(r.body
      ? { requestBody: { required: true, content: json(toJSONSchema(r.body, { io: 'input' })) } }
      : {}),
    responses,
  };
}

function build(): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = operation(r);
  }
  const { schemas } = toJSONSchema(responseSchemas, {
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const s of Object.values(schemas)) {
    // each component lives inside this document: no $id or dialect of its own
    delete s.$id;
    delete s.$schema;
  }
  const errorResponses = Object.fromEntries(
    Object.values(ERRORS).map(([name, description]) => [
      name,
      { description, content: json({ $ref: '#/components/schemas/Error' }) },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: '评选 Pingxuan API',
      version: '1',
      description:
        '评选活动全流程（两审两公示）接口。错误答复统一为 `{ error: { code, message, field? } }`，message 为中文。',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas,
      responses: errorResponses,
    },
    paths,
  };
}
