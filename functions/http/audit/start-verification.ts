/** POST /api/audit/verifications — start verifying the campaign's whole history; poll the job it answers. */
import { requestVerification } from '#lib/audit-jobs';
import { httpRoute } from '#lib/http';

export const handler = httpRoute('startAuditVerification', {}, async ({ principal, now }) => {
  const job = await requestVerification(principal, now);
  return { statusCode: 202, body: { verificationId: job.verificationId, status: job.status } };
});
