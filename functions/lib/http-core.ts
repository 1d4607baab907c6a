/**
 * The middy chain every HTTP handler shares: security headers and CORS on every answer, the
 * error mapping (client mistakes → 4xx with a Chinese message, anything else → a bare 500),
 * the JSON body parsed with the route's zod schema, and (for signed-in routes, see http.ts)
 * authentication with the role check from the route table. A handler is this wrapper plus one
 * call into a use case.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { MAX_BODY_BYTES, ULID } from '#shared/api';
import {
  ApiError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/errors';
import type { Principal } from '#shared/roles';
import { type HttpRoute, routeById } from '../routes.ts';
import { clientAddress } from './client-address.ts';
import { now as clockNow } from './clock.ts';
import { logger, observed } from './observability.ts';
import type { ChangeContext } from './records.ts';
import { SECURITY_HEADERS } from './security-headers.ts';
import { isWebOrigin } from './web-origin.ts';

/** What a handler receives: the caller, the parsed body and query, and the request's facts. */
export interface HttpRequest<B, Q = NoQuery> {
  route: HttpRoute;
  principal: Principal;
  body: B;
  params: Record<string, string>;
  /** Parsed with the route's query schema; empty where the route reads no query (routes.ts). */
  query: Q;
  requestId: string;
  /** The client's address: the viewer's behind CloudFront, the socket's locally (client-address.ts). */
  sourceIp: string;
  now: Date;
  /** The actor, request id and time every audited change records. */
  change: ChangeContext;
}

/** A handler's answer: a status and a JSON body (default 200). */
export interface HttpAnswer {
  statusCode?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Event = APIGatewayProxyEventV2;
/** The invocation's context carries what the middlewares established to the handler. */
export type RouteContext = Context & {
  principal?: Principal;
  parsedBody?: unknown;
  errorCode?: string;
  startedAt?: number;
  sessionId?: string;
};
export type Result = APIGatewayProxyStructuredResultV2;

/** The query of a route that reads none: a handler cannot read a parameter its route does not declare. */
export type NoQuery = Record<string, never>;

/** The schemas a handler names: the very objects of its route table entry (checked at cold start). */
export interface RouteSchemas<B, Q> {
  body?: z.ZodMiniType<B>;
  query?: z.ZodMiniType<Q>;
}

/** Wrap a use case as the handler of a public route (no token). */
export function publicRoute<B = undefined, Q = NoQuery>(
  routeId: string,
  options: RouteSchemas<B, Q>,
  run: (req: HttpRequest<B, Q>) => Promise<HttpAnswer>,
) {
  const route = routeById(routeId);
  if (route.access !== 'public')
    throw new Error(`route ${routeId} is not public: use httpRoute from #lib/http`);
  return buildRoute(route, options, run, null);
}

/**
 * The chain itself. `authenticate` establishes the principal (see #lib/http); public routes
 * have none, so they load no DynamoDB client and no token code at cold start.
 */
export function buildRoute<B, Q>(
  route: HttpRoute,
  options: RouteSchemas<B, Q>,
  run: (req: HttpRequest<B, Q>) => Promise<HttpAnswer>,
  authenticate: MiddlewareObj<Event, Result> | null,
) {
  // The route table holds the body and query schemas (the OpenAPI document reads them there); the
  // handler names the same objects for its types. A mismatch is a programming error: fail at cold start.
  if (options.body !== route.body) {
    throw new Error(`route ${route.id}: the handler's body schema is not the route table's`);
  }
  if (options.query !== route.query) {
    throw new Error(`route ${route.id}: the handler's query schema is not the route table's`);
  }
  const parseBody: MiddlewareObj<Event, Result> = {
    before: async ({ event, context }) => {
      const raw = event.body ?? '';
      if (!options.body) {
        // Say so rather than ignore it: a client sending a body here expects it to be read.
        if (raw.trim() !== '') throw new ValidationError('此接口不接受请求内容', 'body', 'no_body_expected');
        return;
      }
      const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      const limit = route.maxBodyBytes ?? MAX_BODY_BYTES;
      if (Buffer.byteLength(text) > limit) throw new PayloadTooLargeError(limit);
      const type = event.headers?.['content-type'] ?? '';
      if (!/^application\/json\b/i.test(type)) throw new UnsupportedMediaTypeError();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new ValidationError('请求内容不是有效的 JSON', undefined, 'malformed_json');
      }
      (context as RouteContext).parsedBody = parseWith(options.body, json);
    },
  };

  const answer: MiddlewareObj<Event, Result> = {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof ApiError) {
        (request.context as RouteContext).errorCode = error.code;
        // 429 and 503 say when to try again.
        const retry = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
        const extra: Record<string, string> = retry !== undefined ? { 'retry-after': String(retry) } : {};
        // an infrastructure fault: the client gets a 503, operators the cause
        if (error instanceof ServiceUnavailableError && error.cause)
          logger.error('service unavailable', { route: route.id, error: error.cause as Error });
        request.response = respond(request.event, error.statusCode, error.toBody(), extra);
        return;
      }
      // The function ran out of time (middy aborts just before the Lambda would): an overloaded
      // dependency, not the client's mistake, so a 503 the client may retry.
      if (error?.name === 'TimeoutError') {
        logger.error('timed out', { route: route.id });
        const busy = new ServiceUnavailableError('服务繁忙，请稍后重试', 5, 'timeout');
        request.response = respond(request.event, 503, busy.toBody(), { 'retry-after': '5' });
        return;
      }
      // Log the cause for operators; the client learns nothing of it.
      logger.error('unhandled error', { route: route.id, error });
      request.response = respond(request.event, 500, {
        error: { code: 'internal', message: '服务器内部错误，请稍后重试' },
      });
    },
  };

  const chain = middy<Event, Result, Error, Context>().use(observed()).use(accessLog(route)).use(answer);
  if (authenticate) chain.use(authenticate);
  return chain.use(parseBody).handler(async (event: Event, context: Context) => {
    const params = event.pathParameters ?? {};
    // A path with malformed %-escapes names nothing we have (the local runtime refuses it first).
    if (!decodable(event.rawPath ?? '')) throw new ValidationError('请求路径无效', 'path', 'bad_path');
    for (const [name, value] of Object.entries(params)) {
      if (name === 'id' && !ULID.test(value ?? '')) throw new NotFoundError();
    }
    const { principal, sessionId, parsedBody } = context as RouteContext;
    // only what the route declares reaches the handler, so the OpenAPI document lists all it reads
    const query = (options.query ? parseWith(options.query, event.queryStringParameters ?? {}) : {}) as Q;
    const now = clockNow();
    const requestId = event.requestContext?.requestId ?? 'local';
    const out = await run({
      route,
      principal: principal as Principal,
      body: parsedBody as B,
      params: params as Record<string, string>,
      query,
      requestId,
      sourceIp: await clientAddress(event),
      now,
      change: {
        actor: { accountId: principal?.accountId ?? 'anonymous', role: principal?.role ?? 'system' },
        requestId,
        now: now.toISOString(),
        ...(sessionId ? { sessionId } : {}),
      },
    });
    return respond(event, out.statusCode ?? 200, out.body, out.headers);
  });
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * One line per request when it ends: route, status, duration, and who called (role and account
 * id, never a name or a code). The request id becomes the correlation id of every line.
 */
function accessLog(route: HttpRoute): MiddlewareObj<Event, Result> {
  const line = (request: { response?: Result | null; context: Context }) => {
    const { principal, errorCode, startedAt = 0 } = request.context as RouteContext;
    const status = request.response?.statusCode ?? 500;
    logger[status >= 500 ? 'error' : 'info']('request', {
      route: route.id,
      status,
      duration_ms: Math.round(performance.now() - startedAt),
      ...(principal ? { role: principal.role, account_id: principal.accountId } : {}),
      ...(errorCode ? { error_code: errorCode } : {}),
    });
  };
  return {
    before: async ({ event, context }) => {
      (context as RouteContext).startedAt = performance.now();
      logger.setCorrelationId(event.requestContext?.requestId);
      logger.appendKeys({ route: route.id });
    },
    after: async (request) => line(request),
    onError: async (request) => line(request),
  };
}

/** Parse with a zod schema; the first problem becomes a 400 naming its field. */
export function parseWith<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const field = path.filter((p) => typeof p === 'string').join('.') || undefined;
  const unknownKeys = issue?.code === 'unrecognized_keys' ? (issue.keys as string[]) : undefined;
  if (unknownKeys) {
    throw new ValidationError(
      `不接受的字段：${unknownKeys.join('、')}`,
      [field, unknownKeys[0]].filter(Boolean).join('.'),
      'unknown_field',
    );
  }
  throw new ValidationError(issue?.message ?? '请求内容有误', field);
}

function respond(
  event: Event,
  statusCode: number,
  body: unknown,
  extra: Record<string, string> = {},
): Result {
  // the clock the answer was made by, so the web app's "today" is the server's (see #lib/clock)
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'x-pingxuan-now': clockNow().toISOString(),
    ...extra,
  };
  const origin = event.headers?.origin;
  if (origin && isWebOrigin(origin)) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'origin';
  }
  if (body === undefined) return { statusCode, headers };
  return { statusCode, headers, body: JSON.stringify(body) };
}
