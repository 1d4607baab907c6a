/** Run by S3 for each export request object: streams the export package into the exports bucket. */
import type { S3Event } from 'aws-lambda';
import { runExport } from '#lib/export-run';
import { eventFunction } from '#lib/observability';

export const handler = eventFunction(async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const m = /^requests\/([0-9A-HJKMNP-TV-Z]{26})\/([0-9A-HJKMNP-TV-Z]{26})\.json$/.exec(key);
    if (m) await runExport(m[1] as string, m[2] as string);
  }
});
