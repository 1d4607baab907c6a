/** PUT /api/nominations/{id}/opinions/{department} — the county records one of the campaign's department opinions (Puyang: 组织人事, 纪检监察, 公安). */

import { getCampaign } from '#lib/campaigns';
import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { requireAcceptedScan } from '#lib/scans';
import { assertDates, takeStep } from '#lib/workflow-steps';
import { reviewDate } from '#shared/dates';
import { ValidationError } from '#shared/errors';
import { opinionsOf } from '#shared/opinions';
import { opinionScanPurpose } from '#shared/scan-rules';
import { opinionBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'recordOpinion',
  { body: opinionBody },
  async ({ principal, params, body, change, now }) => {
    const department = params.department as string;
    const opinions = opinionsOf(await getCampaign(principal.campaignId));
    if (!opinions.some((o) => o.id === department)) {
      const names = opinions.map((o) => `${o.department}（${o.id}）`).join('、');
      throw new ValidationError(`部门应为本次评选的部门意见之一：${names}`, 'department');
    }
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
