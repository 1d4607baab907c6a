/**
 * The scan processor, run by S3 for every object created under scans/ in the uploads bucket.
 * It trusts nothing the phone said (neither the content type nor the name): it checks the bytes
 * (checkScan), keeps only the clean copy (a JPEG or a rebuilt PDF, no metadata) under a new key in
 * the records bucket, records the verdict with its audit event, and deletes the raw upload,
 * accepted or not, so nothing carrying GPS or document metadata is kept.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { readNominationAsSystem } from '#lib/nominations';
import { checkScan, type ScanVerdict } from '#lib/scan';
import { recordScanVerdict, scanPending } from '#lib/scans';
import { parseScanUploadKey, recordsBucket, s3, scanRecordKey, uploadsBucket } from '#lib/storage';
import { SCAN_MAX_BYTES } from '#shared/scan-rules';

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    await processScanUpload(key, record.responseElements?.['x-amz-request-id'] ?? 'event');
  }
};

export async function processScanUpload(key: string, requestId: string): Promise<void> {
  const bucket = uploadsBucket();
  const ids = parseScanUploadKey(key);
  const pending = ids && (await scanPending(ids.nominationId, ids.scanId));
  if (!ids || !pending) {
    // Not a key we handed out, or already judged (S3 may deliver an event twice).
    await s3().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return;
  }
  const ctx = {
    actor: { accountId: 'scan-processor', role: 'system' as const },
    requestId,
    now: new Date().toISOString(),
  };

  // The POST policy caps the size in the cloud; the emulator does not, so look before reading.
  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const size = head.ContentLength ?? 0;
  const verdict: ScanVerdict =
    size > SCAN_MAX_BYTES
      ? {
          ok: false,
          code: 'too_large',
          reason: `文件太大（${(size / 1048576).toFixed(1)} MB），不能超过 ${SCAN_MAX_BYTES / 1048576} MB：请压缩后或分页重新上传`,
        }
      : await checkScan(await download(bucket, key));

  if (verdict.ok) {
    const nomination = await readNominationAsSystem(ids.nominationId);
    await s3().send(
      new PutObjectCommand({
        Bucket: recordsBucket(),
        Key: scanRecordKey(nomination.campaignId, ids.nominationId, ids.scanId, verdict.extension),
        Body: verdict.bytes,
        ContentType: verdict.contentType,
        Metadata: { sha256: verdict.sha256 },
      }),
    );
    await recordScanVerdict(
      ids.nominationId,
      {
        scanId: ids.scanId,
        status: 'accepted',
        kind: verdict.kind,
        bytes: verdict.bytes.length,
        sha256: verdict.sha256,
        ...(verdict.pages !== undefined ? { pages: verdict.pages } : {}),
        ...(verdict.width !== undefined ? { width: verdict.width, height: verdict.height } : {}),
        processedAt: ctx.now,
      },
      ctx,
    );
  } else {
    await recordScanVerdict(
      ids.nominationId,
      {
        scanId: ids.scanId,
        status: 'refused',
        reason: verdict.reason,
        reasonCode: verdict.code,
        bytes: size,
        processedAt: ctx.now,
      },
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
