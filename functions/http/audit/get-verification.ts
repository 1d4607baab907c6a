/** GET /api/audit/verifications/{id} — a verification's progress, and when done its report. */
import { readVerification } from '#lib/audit-jobs';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('getAuditVerification', {}, async ({ principal, params, now }) => {
  const {
    pk: _pk,
    sk: _sk,
    expiresAt: _e,
    ...view
  } = await readVerification(principal, params.id as string, now);
  return { body: view };
});
