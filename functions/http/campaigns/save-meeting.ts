/** PUT /api/campaigns/{id}/meeting — the city office records the review meeting. */

import { httpRoute } from '#lib/http';
import { updateCampaign } from '#lib/process';
import { NotFoundError } from '#shared/errors';
import { meetingBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'saveMeeting',
  { body: meetingBody },
  async ({ principal, params, body, change }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    const campaign = await updateCampaign(principal, change, 'campaign.meeting_recorded', () => ({
      meeting: body,
    }));
    return { body: { meeting: campaign.meeting } };
  },
);
