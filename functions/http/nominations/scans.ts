/**
 * GET /api/nominations/{id}/scans — every stamped scan of a nomination, newest first, with a
 * short-lived link to the stored file of each accepted one. The stamped opinions speak about a
 * person (the police's among them), so the read is logged in the reader's chain like a read of
 * the nomination itself.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { httpRoute } from '#lib/http';
import { readNomination } from '#lib/nomination-records';
import { logPersonalDataRead } from '#lib/nominations';
import { listScans } from '#lib/scans';
import { recordsBucket, s3ForBrowsers, scanRecordKey } from '#lib/storage';

const LINK_SECONDS = 5 * 60;

export const handler = httpRoute('listScans', {}, async ({ principal, params, change }) => {
  const n = await readNomination(principal, params.id as string);
  const [scans] = await Promise.all([
    listScans(n.id),
    logPersonalDataRead(principal, n, change, 'pii.scans_read'),
  ]);
  const items = await Promise.all(
    scans.map(async (scan) => {
      if (scan.status !== 'accepted' || !scan.kind) return scan;
      const extension = scan.kind === 'pdf' ? 'pdf' : 'jpg';
      const key = scanRecordKey(n.campaignId, n.id, scan.scanId, extension);
      const url = await getSignedUrl(
        s3ForBrowsers(),
        new GetObjectCommand({
          Bucket: recordsBucket(),
          Key: key,
          ResponseContentDisposition: `inline; filename="${scan.purpose}-${scan.scanId}.${extension}"`,
        }),
        { expiresIn: LINK_SECONDS },
      );
      return { ...scan, url };
    }),
  );
  return { body: { scans: items } };
});
