/**
 * The photo processor, run by S3 for every object created under photos/ in the uploads bucket.
 * It trusts nothing the phone did: it checks the bytes (checkPortrait), keeps only a normalised
 * JPEG without metadata under a new key in the records bucket, records the verdict on the
 * nomination with its audit event, and deletes the raw upload, accepted or not, so nothing
 * carrying GPS is kept.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { photoVersionPending, readNominationAsSystem, recordPhotoVerdict } from '#lib/nominations';
import { checkPortrait } from '#lib/photo';
import { parsePhotoUploadKey, photoRecordKey, recordsBucket, s3, uploadsBucket } from '#lib/storage';
import { UPLOAD_MAX_BYTES } from '#shared/photo-rules';

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    await processUpload(key, record.responseElements?.['x-amz-request-id'] ?? 'event');
  }
};

export async function processUpload(key: string, requestId: string): Promise<void> {
  const bucket = uploadsBucket();
  const ids = parsePhotoUploadKey(key);
  const judge = ids && (await photoVersionPending(ids.nominationId, ids.photoId));
  if (!ids || !judge) {
    // Not a key we handed out, or already judged (S3 may deliver an event twice).
    await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return;
  }
  const ctx = {
    actor: { accountId: 'photo-processor', role: 'system' as const },
    requestId,
    now: new Date().toISOString(),
  };
  const base = { photoId: ids.photoId, uploadedAt: judge.uploadedAt };

  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const size = head.ContentLength ?? 0;
  const verdict =
    size > UPLOAD_MAX_BYTES
      ? ({
          ok: false,
          code: 'too_large',
          reason: `照片文件过大（${(size / 1048576).toFixed(1)} MB），请不超过 ${UPLOAD_MAX_BYTES / 1048576} MB`,
        } as const)
      : await checkPortrait(await download(bucket, key));

  if (verdict.ok) {
    const nomination = await readNominationAsSystem(ids.nominationId);
    const recordKey = photoRecordKey(nomination.campaignId, ids.nominationId, ids.photoId);
    await s3().send(
      new PutObjectCommand({
        Bucket: recordsBucket(),
        Key: recordKey,
        Body: verdict.jpeg,
        ContentType: 'image/jpeg',
        Metadata: { sha256: verdict.sha256 },
      }),
    );
    await recordPhotoVerdict(
      ids.nominationId,
      {
        ...base,
        status: 'accepted',
        width: verdict.width,
        height: verdict.height,
        bytes: verdict.jpeg.length,
        sha256: verdict.sha256,
        processedAt: ctx.now,
      },
      {
        photoId: ids.photoId,
        key: recordKey,
        sha256: verdict.sha256,
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
  await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

async function download(bucket: string, key: string): Promise<Uint8Array> {
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!out.Body) return new Uint8Array();
  return out.Body.transformToByteArray();
}
