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
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/errors';
import type { Principal } from '#shared/roles';
import { type HttpRoute, routeById } from '../routes.ts';
import { now as clockNow } from './clock.ts';
import { optionalEnv } from './config.ts';
import type { ChangeContext } from './records.ts';

/** What a handler receives: the caller, the parsed body and the request's facts. */
export interface HttpRequest<B> {
  route: HttpRoute;
  principal: Principal;
  body: B;
  params: Record<string, string>;
  query: Record<string, string>;
  requestId: string;
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
export type RouteContext = Context & { principal?: Principal; sessionId?: string; parsedBody?: unknown };
export type Result = APIGatewayProxyStructuredResultV2;

const SECURITY_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
};

/** Wrap a use case as the handler of a public route (no token). */
export function publicRoute<B = undefined>(
  routeId: string,
  options: { body?: z.ZodMiniType<B> },
  run: (req: HttpRequest<B>) => Promise<HttpAnswer>,
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
export function buildRoute<B>(
  route: HttpRoute,
  options: { body?: z.ZodMiniType<B> },
  run: (req: HttpRequest<B>) => Promise<HttpAnswer>,
  authenticate: MiddlewareObj<Event, Result> | null,
) {
  const parseBody: MiddlewareObj<Event, Result> = {
    before: async ({ event, context }) => {
      if (!options.body) return;
      const raw = event.body ?? '';
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
        const extra: Record<string, string> =
          error instanceof TooManyRequestsError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
        request.response = respond(request.event, error.statusCode, error.toBody(), extra);
        return;
      }
      // Log the cause for operators; the client learns nothing of it.
      console.error(
        JSON.stringify({ level: 'error', route: route.id, message: String(error), stack: error?.stack }),
      );
      request.response = respond(request.event, 500, {
        error: { code: 'internal', message: '服务器内部错误，请稍后重试' },
      });
    },
  };

  const chain = middy<Event, Result, Error, Context>().use(answer);
  if (authenticate) chain.use(authenticate);
  return chain.use(parseBody).handler(async (event: Event, context: Context) => {
    const params = event.pathParameters ?? {};
    for (const [name, value] of Object.entries(params)) {
      if (name === 'id' && !ULID.test(value ?? '')) throw new NotFoundError();
    }
    const { principal, sessionId, parsedBody } = context as RouteContext;
    const now = clockNow();
    const requestId = event.requestContext?.requestId ?? 'local';
    const out = await run({
      route,
      principal: principal as Principal,
      body: parsedBody as B,
      params: params as Record<string, string>,
      query: (event.queryStringParameters ?? {}) as Record<string, string>,
      requestId,
      sourceIp: event.requestContext?.http?.sourceIp ?? 'unknown',
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
  const allowed = optionalEnv('WEB_ORIGIN');
  if (origin && allowed && origin === allowed) {
    headers['access-control-allow-origin'] = origin;
    headers.vary = 'origin';
  }
  if (body === undefined) return { statusCode, headers };
  return { statusCode, headers, body: JSON.stringify(body) };
}
