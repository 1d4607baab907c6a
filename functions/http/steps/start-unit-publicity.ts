/**
 * POST /api/nominations/{id}/unit-publicity — the unit posts its publicity notice; it lasts 5
 * working days from the day posted (computed here, never typed). Posted before today, it needs the
 * accepted photo of the posted notice (`noticeScanId`), which becomes the publicity's evidence.
 */

import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { stepAnswer } from '#lib/nominations';
import { requireAcceptedScan } from '#lib/scans';
import { assertDates, takeStep, unitPublicityPeriod } from '#lib/workflow-steps';
import { unitPublicityStart } from '#shared/dates';
import { startUnitPublicityBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'startUnitPublicity',
  { body: startUnitPublicityBody },
  async ({ principal, params, body, change, now }) => {
    const id = params.id as string;
    if (body.noticeScanId)
      await requireAcceptedScan(principal, id, body.noticeScanId, 'notice', 'noticeScanId');
    return stepAnswer(
      await takeStep(principal, id, 'startUnitPublicity', change, {
        // A restarted publicity (after a return) starts afresh: no old photo, no old outcome.
        record: (current, campaign) => {
          const rec = current.unitRecommendation;
          assertDates(
            unitPublicityStart({
              postedOn: body.postedOn,
              today: chinaToday(now),
              noticeScan: !!body.noticeScanId,
              ...(campaign.noticeDate ? { noticeDate: campaign.noticeDate } : {}),
              ...(rec
                ? { democraticDate: rec.democratic.date, leadershipDecisionDate: rec.leadershipDecisionDate }
                : {}),
            }),
          );
          return {
            unitPublicity: {
              ...unitPublicityPeriod(body.postedOn, campaign),
              startedFrom: current.status,
              ...(body.noticeScanId ? { noticeScanId: body.noticeScanId } : {}),
            },
          };
        },
      }),
      principal,
    );
  },
);
