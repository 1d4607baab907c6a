/** POST /api/nominations — a unit starts a nomination (a draft); the answer names its next steps. */

import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { createNomination, toView } from '#lib/nominations';
import { createNominationBody } from '#shared/api';

export const handler = httpRoute(
  'createNomination',
  { body: createNominationBody },
  async ({ principal, body, change }) => {
    const created = await createNomination(principal, body, change);
    return {
      statusCode: 201,
      body: toView(created, await getCampaign(created.campaignId), {
        inList: false,
        photos: [],
        // The steps the unit may take next, so the page shows them at once.
        role: principal.role,
      }),
    };
  },
);
