/** GET /api/exports/{id} — an export's progress, and when done a link valid for five minutes. */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { contentDisposition, keyFileName } from '#lib/content-disposition';
import { readExport } from '#lib/exports';
import { httpRoute } from '#lib/http';
import { exportsBucket, s3ForBrowsers } from '#lib/storage';

export const handler = httpRoute('getExport', {}, async ({ principal, params, change }) => {
  const { job, progress } = await readExport(principal, params.id as string, change);
  // the package's own name (全市-评选材料.zip), whatever the browser and the link's origin
  const fileName = job.key ? keyFileName(job.key) : undefined;
  const url =
    job.status === 'done' && job.key && fileName
      ? await getSignedUrl(
          s3ForBrowsers(),
          new GetObjectCommand({
            Bucket: exportsBucket(),
            Key: job.key,
            ResponseContentDisposition: contentDisposition(fileName, {
              fallback: `pingxuan-export-${job.exportId}.zip`,
            }),
          }),
          { expiresIn: 300 },
        )
      : undefined;
  const { pk: _pk, sk: _sk, ...view } = job as typeof job & { auditSeq?: number; auditHead?: string };
  return { body: { ...view, progress, ...(url ? { url, fileName } : {}) } };
});
