/**
 * The photo processor, run by S3 for every object created under photos/ in the uploads bucket.
 * It trusts nothing the phone did: it checks the bytes against the photo rules of the nomination's
 * campaign (checkPortrait, photoRulesOf; the campaign is cached per container), keeps only a normalised
 * JPEG without metadata under a new key in the records bucket, records the verdict on the
 * nomination with its audit event, and deletes the raw upload, accepted or not, so nothing
 * carrying GPS is kept.
 */
import type { S3Event } from 'aws-lambda';
import { getCampaign } from '#lib/campaigns';
import { photoVersionPending, readNominationAsSystem, recordPhotoVerdict } from '#lib/nomination-records';
import { count, eventFunction, logger } from '#lib/observability';
import { checkPortrait } from '#lib/photo';
import { parsePhotoUploadKey, photoRecordKey } from '#lib/storage';
import { createdObjects, discardUpload, keepRecord, processorContext, readUpload } from '#lib/uploads';
import { photoRulesOf, UPLOAD_MAX_BYTES } from '#shared/photo-rules';

export const handler = eventFunction(async (event: S3Event): Promise<void> => {
  for (const { key, requestId } of createdObjects(event)) await processUpload(key, requestId);
});

export async function processUpload(key: string, requestId: string): Promise<void> {
  const ids = parsePhotoUploadKey(key);
  const judge = ids && (await photoVersionPending(ids.nominationId, ids.photoId));
  if (!ids || !judge) {
    // Not a key we handed out, or already judged (S3 may deliver an event twice).
    await discardUpload(key);
    return;
  }
  const ctx = processorContext('photo-processor', requestId);
  const base = { photoId: ids.photoId, uploadedAt: judge.uploadedAt };

  const upload = await readUpload(key, UPLOAD_MAX_BYTES);
  if (!upload) {
    logger.warn('upload gone before it was judged', { photo_id: ids.photoId });
    return;
  }
  const { size, bytes } = upload;
  const nomination = await readNominationAsSystem(ids.nominationId);
  const verdict =
    bytes === null
      ? ({
          ok: false,
          code: 'too_large',
          reason: `照片文件过大（${(size / 1048576).toFixed(1)} MB），请不超过 ${UPLOAD_MAX_BYTES / 1048576} MB`,
        } as const)
      : await checkPortrait(bytes, photoRulesOf(await getCampaign(nomination.campaignId)));

  count('PhotoVerdicts', { name: 'reason', value: verdict.ok ? 'accepted' : verdict.code });
  if (verdict.ok) {
    const recordKey = photoRecordKey(nomination.campaignId, ids.nominationId, ids.photoId);
    const versionId = await keepRecord(recordKey, verdict.jpeg, 'image/jpeg', verdict.sha256);
    const pinned = versionId ? { versionId } : {};
    await recordPhotoVerdict(
      ids.nominationId,
      {
        ...base,
        status: 'accepted',
        width: verdict.width,
        height: verdict.height,
        bytes: verdict.jpeg.length,
        sha256: verdict.sha256,
        ...pinned,
        processedAt: ctx.now,
      },
      {
        photoId: ids.photoId,
        key: recordKey,
        sha256: verdict.sha256,
        ...pinned,
        width: verdict.width,
        height: verdict.height,
        bytes: verdict.jpeg.length,
      },
      ctx,
    );
  } else {
    await recordPhotoVerdict(
      ids.nominationId,
      {
        ...base,
        status: 'refused',
        reason: verdict.reason,
        reasonCode: verdict.code,
        bytes: size,
        processedAt: ctx.now,
      },
      undefined,
      ctx,
    );
  }
  await discardUpload(key);
}
