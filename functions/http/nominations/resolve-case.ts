/** POST /api/nominations/{id}/cases/{case}/resolve — upheld (the nominee is revoked) or dismissed, with a reason. */

import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { resolveCase } from '#lib/process';
import { ULID } from '#shared/api';
import { NotFoundError } from '#shared/errors';
import { resolveCaseBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'resolveCase',
  { body: resolveCaseBody },
  async ({ principal, params, body, change }) => {
    if (!ULID.test(params.case ?? '')) throw new NotFoundError('异议件不存在');
    const n = await resolveCase(principal, params.id as string, params.case as string, body, change);
    return stepAnswer(n, principal);
  },
);
