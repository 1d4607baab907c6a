/** POST /api/auth/login — exchange an access code for a short-lived token. */

import { accountForCode, principalOf, sessionEpochOf } from '#lib/accounts';
import { realNow } from '#lib/clock';
import { publicRoute } from '#lib/http-core';
import { count } from '#lib/observability';
import { signToken } from '#lib/tokens';
import { loginBody } from '#shared/api';

// The token's lifetime is a session's, on the real clock (see #lib/clock).
export const handler = publicRoute('login', { body: loginBody }, async ({ body, sourceIp, now }) => {
  const account = await accountForCode(body.code, sourceIp, now).catch((e: unknown) => {
    count('LoginsFailed');
    throw e;
  });
  const { token, expiresAt } = await signToken(
    account.accountId,
    account.role,
    sessionEpochOf(account),
    account.expiresAt,
    realNow(),
  );
  return { body: { token, expiresAt, principal: principalOf(account) } };
});
