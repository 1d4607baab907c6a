/**
 * The scan processor, run by S3 for every object created under scans/ in the uploads bucket.
 * It trusts nothing the phone said (neither the content type nor the name): it checks the bytes
 * (checkScan), keeps only the clean copy (a JPEG or a rebuilt PDF, no metadata) under a new key in
 * the records bucket, records the verdict with its audit event, and deletes the raw upload,
 * accepted or not, so nothing carrying GPS or document metadata is kept.
 */
import type { S3Event } from 'aws-lambda';
import { readNominationAsSystem } from '#lib/nomination-records';
import { count, eventFunction, logger } from '#lib/observability';
import { checkScan, type ScanVerdict } from '#lib/scan';
import { recordScanVerdict, scanPending } from '#lib/scans';
import { parseScanUploadKey, scanRecordKey } from '#lib/storage';
import { createdObjects, discardUpload, keepRecord, processorContext, readUpload } from '#lib/uploads';
import { SCAN_MAX_BYTES } from '#shared/scan-rules';

export const handler = eventFunction(async (event: S3Event): Promise<void> => {
  for (const { key, requestId } of createdObjects(event)) await processScanUpload(key, requestId);
});

export async function processScanUpload(key: string, requestId: string): Promise<void> {
  const ids = parseScanUploadKey(key);
  const pending = ids && (await scanPending(ids.nominationId, ids.scanId));
  if (!ids || !pending) {
    // Not a key we handed out, or already judged (S3 may deliver an event twice).
    await discardUpload(key);
    return;
  }
  const ctx = processorContext('scan-processor', requestId);
  const upload = await readUpload(key, SCAN_MAX_BYTES);
  if (!upload) {
    logger.warn('upload gone before it was judged', { scan_id: ids.scanId });
    return;
  }
  const { size, bytes } = upload;
  const verdict: ScanVerdict =
    bytes === null
      ? {
          ok: false,
          code: 'too_large',
          reason: `文件太大（${(size / 1048576).toFixed(1)} MB），不能超过 ${SCAN_MAX_BYTES / 1048576} MB：请压缩后或分页重新上传`,
        }
      : await checkScan(bytes);

  count('ScanVerdicts', { name: 'reason', value: verdict.ok ? 'accepted' : verdict.code });
  if (verdict.ok) {
    const nomination = await readNominationAsSystem(ids.nominationId);
    await keepRecord(
      scanRecordKey(nomination.campaignId, ids.nominationId, ids.scanId, verdict.extension),
      verdict.bytes,
      verdict.contentType,
      verdict.sha256,
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
  await discardUpload(key);
}
