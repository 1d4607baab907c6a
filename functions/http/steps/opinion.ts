/** PUT /api/nominations/{id}/opinions/{department} — the county records a department's opinion (组织人事, 纪检监察, 公安). */

import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { parseWith } from '#lib/http-core';
import { stepAnswer } from '#lib/nominations';
import { requireAcceptedScan } from '#lib/scans';
import { assertDates, takeStep } from '#lib/workflow-steps';
import { reviewDate } from '#shared/dates';
import { opinionScanPurpose } from '#shared/scan-rules';
import { opinionBody, opinionDepartmentSchema } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordOpinion',
  { body: opinionBody },
  async ({ principal, params, body, change, now }) => {
    const department = parseWith(opinionDepartmentSchema, params.department);
    // The stamped scan named must be an accepted upload of this nomination, for this department.
    if (body.scanId) {
      await requireAcceptedScan(principal, params.id as string, body.scanId, opinionScanPurpose(department));
    }
    return stepAnswer(
      await takeStep(principal, params.id as string, 'recordOpinion', change, {
        record: (current, campaign) => {
          assertDates(
            reviewDate({
              date: body.date,
              what: '意见日期',
              today: chinaToday(now),
              ...(campaign.noticeDate ? { noticeDate: campaign.noticeDate } : {}),
            }),
          );
          return { opinions: { ...current.opinions, [department]: body } };
        },
      }),
      principal,
    );
  },
);
