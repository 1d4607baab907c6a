/**
 * POST /api/nominations/{id}/scans — hand the phone a presigned POST for a stamped scan: the
 * unit's photo of its posted publicity notice, or the county's scan of a department's opinion.
 * The server picks the key; the policy fixes the size range and the content type. The upload is
 * untrusted until the processor has checked it.
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { ulid } from 'ulid';
import { httpRoute } from '#lib/http';
import { startScanUpload } from '#lib/scans';
import { s3ForBrowsers, scanUploadKey, uploadsBucket } from '#lib/storage';
import { SCAN_MAX_BYTES, type ScanPurpose, scanUploadBody } from '#shared/scan-rules';

const EXPIRES_SECONDS = 10 * 60;

export const handler = httpRoute(
  'requestScanUpload',
  { body: scanUploadBody },
  async ({ principal, params, body, change }) => {
    const id = params.id as string;
    const scanId = ulid();
    // Signed before anything is written, so a failure here leaves no pending scan behind.
    const upload = await createPresignedPost(s3ForBrowsers(), {
      Bucket: uploadsBucket(),
      Key: scanUploadKey(id, scanId),
      Conditions: [
        ['content-length-range', 1, SCAN_MAX_BYTES],
        ['eq', '$Content-Type', body.contentType],
      ],
      Fields: { 'Content-Type': body.contentType },
      Expires: EXPIRES_SECONDS,
    });
    // the schema checked its form (SCAN_PURPOSE); startScanUpload checks the campaign has the opinion
    await startScanUpload(principal, id, scanId, body.purpose as ScanPurpose, change);
    return {
      statusCode: 201,
      body: { scanId, upload: { url: upload.url, fields: upload.fields }, maxBytes: SCAN_MAX_BYTES },
    };
  },
);
