/** The audit log as JSONL, streamed page by page into the exports bucket (multipart upload). */
import { PassThrough } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { campaignEvents } from './audit.ts';
import { verifyCampaignAudit } from './audit-verify.ts';
import { exportsBucket, s3 } from './storage.ts';

/** Write every event of the campaign, oldest first, then a closing line with the verified head hash. */
export async function exportAuditLog(campaignId: string, key: string, now: Date) {
  const report = await verifyCampaignAudit(campaignId, now);
  const body = new PassThrough();
  const upload = new Upload({
    client: s3(),
    params: {
      Bucket: exportsBucket(),
      Key: key,
      Body: body,
      ContentType: 'application/x-ndjson; charset=utf-8',
    },
  });
  const done = upload.done();
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await campaignEvents(campaignId, start);
    for (const e of page.events) {
      if (!body.write(`${JSON.stringify(e)}\n`)) await new Promise((r) => body.once('drain', r));
      count++;
    }
    start = page.next;
  } while (start);
  body.end(
    `${JSON.stringify({ type: 'head', campaignId, events: count, headHash: report.headHash, verified: report.ok, breaks: report.breaks, exportedAt: now.toISOString() })}\n`,
  );
  await done;
  return { events: count, headHash: report.headHash, verified: report.ok };
}
