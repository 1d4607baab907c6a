/** PUT /api/campaigns/{id}/meeting — the city office records the review meeting. */

import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { updateCampaign } from '#lib/process';
import { assertDates } from '#lib/workflow-steps';
import { meetingDate } from '#shared/dates';
import { NotFoundError } from '#shared/errors';
import { meetingBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'saveMeeting',
  { body: meetingBody },
  async ({ principal, params, body, change, now }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    const campaign = await updateCampaign(principal, change, 'campaign.meeting_recorded', (c) => {
      assertDates(
        meetingDate({
          date: body.date,
          today: chinaToday(now),
          ...(c.noticeDate ? { noticeDate: c.noticeDate } : {}),
        }),
      );
      return { meeting: body };
    });
    return { body: { meeting: campaign.meeting } };
  },
);
