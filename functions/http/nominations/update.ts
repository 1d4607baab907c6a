/** PATCH /api/nominations/{id} — a unit edits its draft; a stale version is a 409; the answer names the next steps. */

import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { toView, updateNomination } from '#lib/nominations';
import { patchNominationBody } from '#shared/api';

export const handler = httpRoute(
  'updateNomination',
  { body: patchNominationBody },
  async ({ principal, params, body, change }) => {
    const updated = await updateNomination(principal, params.id as string, body, change);
    return {
      body: toView(updated, await getCampaign(updated.campaignId), { inList: false, role: principal.role }),
    };
  },
);
