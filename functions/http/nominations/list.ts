/** GET /api/nominations — one page of the nominations the caller may see (a unit: its own). */
import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { listNominations, toView } from '#lib/nominations';
import { listFiltersSchema } from '#shared/queries';

export const handler = httpRoute(
  'listNominations',
  { query: listFiltersSchema },
  async ({ principal, query }) => {
    const [page, campaign] = await Promise.all([
      listNominations(principal, query),
      getCampaign(principal.campaignId),
    ]);
    return {
      body: {
        items: page.items.map((n) => toView(n, campaign, { inList: true })),
        nextCursor: page.nextCursor,
      },
    };
  },
);
