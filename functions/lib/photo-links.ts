/** Short-lived links to stored photos, for the page that shows them. */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { NominationItem } from './nominations.ts';
import { recordsBucket, s3ForBrowsers } from './storage.ts';

const LINK_SECONDS = 5 * 60;

export async function acceptedPhotoUrl(n: NominationItem): Promise<string | undefined> {
  if (!n.acceptedPhoto) return undefined;
  return getSignedUrl(
    s3ForBrowsers(),
    new GetObjectCommand({ Bucket: recordsBucket(), Key: n.acceptedPhoto.key }),
    {
      expiresIn: LINK_SECONDS,
    },
  );
}
