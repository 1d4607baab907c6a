/** GET /api/nominations/{id} — one nomination with every photo version and the accepted photo's link. */
import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { listPhotoVersions, readNomination, toView } from '#lib/nominations';
import { acceptedPhotoUrl } from '#lib/photo-links';

export const handler = httpRoute('getNomination', {}, async ({ principal, params }) => {
  const n = await readNomination(principal, params.id as string);
  const [campaign, photos, photoUrl] = await Promise.all([
    getCampaign(n.campaignId),
    listPhotoVersions(n.id),
    acceptedPhotoUrl(n),
  ]);
  return { body: toView(n, campaign, { inList: false, photos, photoUrl }) };
});
