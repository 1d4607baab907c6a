/** PATCH /api/campaigns/{id} — the city office changes the pass rule, extensions, holidays, objection channels. */

import { httpRoute } from '#lib/http';
import { updateCampaign } from '#lib/process';
import { NotFoundError } from '#shared/errors';
import { campaignSettingsBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'updateSettings',
  { body: campaignSettingsBody },
  async ({ principal, params, body, change }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    const { passRule, calendar, extensions, objectionChannels } = await updateCampaign(
      principal,
      change,
      'campaign.settings_changed',
      () => body,
    );
    return { body: { passRule, calendar, extensions, objectionChannels } };
  },
);
