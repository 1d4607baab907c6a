/** Short-lived links to stored photos, for the page that shows them. */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PhotoVersion } from '#shared/nomination';
import type { NominationItem } from './nomination-records.ts';
import { photoRecordKey, recordsBucket, s3ForBrowsers } from './storage.ts';

const LINK_SECONDS = 5 * 60;

/**
 * A link pinned to the version the processor wrote, where the bucket keeps versions (the
 * cloud): S3 versions never change, so the link serves the bytes whose SHA-256 was recorded,
 * whatever is written over the key later. The local gate checks the hash itself.
 */
function link(key: string, versionId: string | undefined): Promise<string> {
  return getSignedUrl(
    s3ForBrowsers(),
    new GetObjectCommand({
      Bucket: recordsBucket(),
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
    { expiresIn: LINK_SECONDS },
  );
}

export async function acceptedPhotoUrl(n: NominationItem): Promise<string | undefined> {
  return n.acceptedPhoto ? link(n.acceptedPhoto.key, n.acceptedPhoto.versionId) : undefined;
}

/** Every version, with a link to its stored photo where one was kept (accepted versions). */
export async function withPhotoLinks(n: NominationItem, photos: PhotoVersion[]): Promise<PhotoVersion[]> {
  return Promise.all(
    photos.map(async (p) =>
      p.status === 'accepted'
        ? { ...p, url: await link(photoRecordKey(n.campaignId, n.id, p.photoId), p.versionId) }
        : p,
    ),
  );
}
