/**
 * Handlers of signed-in routes: the shared chain (http-core.ts) plus authentication. The token
 * names the account and the one campaign it acts in; the account is read on every request, so a
 * revoked or expired one stops at once, and so does a token signed before the account's code was
 * reissued (its session epoch), whatever its campaign; the account must still take part in that
 * campaign, and its role there must be one the route table allows.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import { ForbiddenError, UnauthorizedError } from '#shared/errors';
import { routeById } from '../routes.ts';
import { getAccount, isActive, participationIn, principalOf, sessionEpochOf } from './accounts.ts';
import { now } from './clock.ts';
import {
  buildRoute,
  type Event,
  type HttpAnswer,
  type HttpRequest,
  type NoQuery,
  type Result,
  type RouteContext,
  type RouteSchemas,
} from './http-core.ts';
import { verifyToken } from './tokens.ts';

export type { HttpAnswer, HttpRequest } from './http-core.ts';

/** Wrap a use case as the handler of the signed-in route with this id. */
export function httpRoute<B = undefined, Q = NoQuery>(
  routeId: string,
  options: RouteSchemas<B, Q>,
  run: (req: HttpRequest<B, Q>) => Promise<HttpAnswer>,
) {
  const route = routeById(routeId);
  const access = route.access;
  if (access === 'public') throw new Error(`route ${routeId} is public: use publicRoute from #lib/http-core`);
  const authenticate: MiddlewareObj<Event, Result> = {
    before: async ({ event, context }) => {
      const header = event.headers?.authorization ?? event.headers?.Authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      if (!token) throw new UnauthorizedError('请先登录');
      const claims = await verifyToken(token);
      if (!claims) throw new UnauthorizedError('登录已过期或无效，请重新登录', 'token_invalid');
      const account = await getAccount(claims.accountId);
      if (!isActive(account, now())) {
        throw new UnauthorizedError('账号已停用或已过期，请联系市评选办', 'account_inactive');
      }
      // The account's code was reissued (or it was revoked) after this token was signed.
      if (claims.sessionEpoch !== sessionEpochOf(account)) {
        throw new UnauthorizedError('登录码已重新签发，此前的登录已失效，请重新登录', 'session_ended');
      }
      // the token acts in one campaign, as the account's role and place there
      const part = await participationIn(account, claims.campaignId ?? account.campaignId);
      if (!part) throw new UnauthorizedError('您已不在此评选活动中，请重新登录', 'not_participating');
      if (!access.includes(part.role)) throw new ForbiddenError();
      (context as RouteContext).principal = principalOf(account, part);
      // one login is one session: reads of personal data are logged once per session
      (context as RouteContext).sessionId = createHash('sha256')
        .update(token)
        .digest('base64url')
        .slice(0, 22);
    },
  };
  return buildRoute(route, options, run, authenticate);
}
