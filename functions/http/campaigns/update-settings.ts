/**
 * PATCH /api/campaigns/{id} — the city office changes the pass rule, extensions, holidays,
 * objection channels; and, before units start, the notice's title, 文号 and deadlines.
 */

import { editNotice } from '#lib/campaign-admin';
import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { updateCampaign } from '#lib/process';
import { NotFoundError } from '#shared/errors';
import { campaignSettingsBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'updateSettings',
  { body: campaignSettingsBody },
  async ({ principal, params, body, change }) => {
    if (params.id !== principal.campaignId) throw new NotFoundError('评选活动不存在');
    const { notice, ...settings } = body;
    if (notice) await editNotice(principal, notice, change);
    const { passRule, calendar, extensions, objectionChannels } = Object.keys(settings).length
      ? await updateCampaign(principal, change, 'campaign.settings_changed', () => settings)
      : await getCampaign(principal.campaignId, { fresh: true });
    return { body: { passRule, calendar, extensions, objectionChannels } };
  },
);
