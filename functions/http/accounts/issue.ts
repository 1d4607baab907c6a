/** POST /api/accounts — the city office creates an account; its code is in this answer only. */

import { issueAccount } from '#lib/account-admin';
import { httpRoute } from '#lib/http';
import { issueAccountBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'issueAccount',
  { body: issueAccountBody },
  async ({ principal, body, change }) => ({
    statusCode: 201,
    body: await issueAccount(principal, body, change),
  }),
);
