/** POST /api/campaigns — the city office starts a campaign from a definition file, or as a copy of one it runs. */
import { campaignFromFile, copyCampaign } from '#lib/campaign-admin';
import { httpRoute } from '#lib/http';
import { newCampaignBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'createCampaign',
  { body: newCampaignBody },
  async ({ principal, body, change }) => {
    const { definition, copyOf, ...edits } = body;
    const created = copyOf
      ? await copyCampaign(principal, copyOf, edits, change)
      : await campaignFromFile(principal, definition ?? '', change);
    return { statusCode: 201, body: created };
  },
);
