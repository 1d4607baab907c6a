/** Run by S3 for each verification request object: verifies the campaign's whole history. */
import type { S3Event } from 'aws-lambda';
import { runVerification } from '#lib/audit-jobs';

export const handler = async (event: S3Event): Promise<void> => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const m = /^verifications\/([0-9A-HJKMNP-TV-Z]{26})\/([0-9A-HJKMNP-TV-Z]{26})\.json$/.exec(key);
    if (m) await runVerification(m[1] as string, m[2] as string);
  }
};
