/** POST /api/nominations/{id}/recommend — the county recommends; a place of its quota is taken atomically. */

import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { takeStep } from '#lib/workflow-steps';

export const handler = httpRoute('recommend', {}, async ({ principal, params, change }) =>
  stepAnswer(
    await takeStep(principal, params.id as string, 'recommend', change, {
      // the 县（区）审核意见 of the 审批表 is dated with it
      record: () => ({ recommendedOn: chinaToday(new Date(change.now)) }),
    }),
    principal,
  ),
);
