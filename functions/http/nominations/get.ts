/**
 * GET /api/nominations/{id} — one nomination with every photo version and the accepted photo's
 * link. The read of its personal data is logged in the reader's chain.
 */
import { getCampaign } from '#lib/campaigns';
import { httpRoute } from '#lib/http';
import { listPhotoVersions, logPersonalDataRead, readNomination, toView } from '#lib/nominations';
import { acceptedPhotoUrl, withPhotoLinks } from '#lib/photo-links';

export const handler = httpRoute('getNomination', {}, async ({ principal, params, change }) => {
  const n = await readNomination(principal, params.id as string);
  const [campaign, photos, photoUrl] = await Promise.all([
    getCampaign(n.campaignId),
    listPhotoVersions(n.id),
    acceptedPhotoUrl(n),
    logPersonalDataRead(principal, n, change, 'pii.nomination_read'),
  ]);
  return {
    body: toView(n, campaign, {
      inList: false,
      photos: await withPhotoLinks(n, photos),
      photoUrl,
      role: principal.role,
    }),
  };
});
