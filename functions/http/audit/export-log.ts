/**
 * POST /api/audit/log — the campaign's audit log as JSONL, streamed into the exports bucket,
 * ending with a line that carries the verified head hash; answers with a short-lived link.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ulid } from 'ulid';
import { exportAuditLog } from '#lib/audit-export';
import { httpRoute } from '#lib/http';
import { exportsBucket, s3ForBrowsers } from '#lib/storage';

export const handler = httpRoute('exportAuditLog', {}, async ({ principal, now }) => {
  const key = `audit/${principal.campaignId}/${ulid()}.jsonl`;
  const summary = await exportAuditLog(principal.campaignId, key, now);
  const url = await getSignedUrl(
    s3ForBrowsers(),
    new GetObjectCommand({
      Bucket: exportsBucket(),
      Key: key,
      ResponseContentDisposition: `attachment; filename="audit-log.jsonl"`,
    }),
    { expiresIn: 300 },
  );
  return { statusCode: 201, body: { ...summary, url } };
});
