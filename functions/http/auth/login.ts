/**
 * POST /api/auth/login — exchange an access code for a short-lived token of the campaign the
 * account worked on last, with the list of every campaign it takes part in.
 */

import { accountForCode } from '#lib/accounts';
import { publicRoute } from '#lib/http-core';
import { count } from '#lib/observability';
import { openSession } from '#lib/sessions';
import { loginBody } from '#shared/api';

export const handler = publicRoute('login', { body: loginBody }, async ({ body, sourceIp, now }) => {
  const account = await accountForCode(body.code, sourceIp, now).catch((e: unknown) => {
    count('LoginsFailed');
    throw e;
  });
  return { body: await openSession(account) };
});
