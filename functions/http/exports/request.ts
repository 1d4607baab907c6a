/** POST /api/exports — start an export of the chosen set (a county: its own region); recorded who, what, when. */

import { requestExport } from '#lib/exports';
import { httpRoute } from '#lib/http';
import { exportRequestBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'requestExport',
  { body: exportRequestBody },
  async ({ principal, body, change }) => {
    const job = await requestExport(principal, body, change);
    return { statusCode: 202, body: { exportId: job.exportId, status: job.status } };
  },
);
