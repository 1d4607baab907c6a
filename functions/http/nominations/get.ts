/**
 * GET /api/nominations/{id} — one nomination with every photo version and the accepted photo's
 * link, and for the county and the city office the checklist computed from the record. The read
 * of its personal data is logged in the reader's chain.
 */
import { getCampaign } from '#lib/campaigns';
import { chinaToday } from '#lib/clock';
import { httpRoute } from '#lib/http';
import { listPhotoVersions, readNomination } from '#lib/nomination-records';
import { logPersonalDataRead, toView } from '#lib/nominations';
import { acceptedPhotoUrl, withPhotoLinks } from '#lib/photo-links';
import { factsOf } from '#lib/workflow-steps';
import { cityChecklist } from '#shared/workflow';

export const handler = httpRoute('getNomination', {}, async ({ principal, params, change, now }) => {
  const n = await readNomination(principal, params.id as string);
  const [campaign, photos, photoUrl] = await Promise.all([
    getCampaign(n.campaignId),
    listPhotoVersions(n.id),
    acceptedPhotoUrl(n),
    logPersonalDataRead(principal, n, change, 'pii.nomination_read'),
  ]);
  const reviewer = principal.role === 'county' || principal.role === 'city' || principal.role === 'auditor';
  return {
    body: {
      ...toView(n, campaign, {
        inList: false,
        photos: await withPhotoLinks(n, photos),
        photoUrl,
        role: principal.role,
      }),
      ...(reviewer ? { checklist: cityChecklist(factsOf(n, campaign, { today: chinaToday(now) })) } : {}),
    },
  };
});
