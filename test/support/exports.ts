/** Export jobs recorded as the request route records them, without the S3 event that runs them. */
import { ulid } from 'ulid';

/** Record a job of a campaign in `status` as of `at`; returns its id. Needs the table's environment set. */
export async function recordExportJob(
  campaignId: string,
  status: 'queued' | 'running',
  at = new Date().toISOString(),
): Promise<string> {
  const { createRecord } = await import('#lib/records');
  const { exportJobKey: jobKey } = await import('#lib/keys');
  const exportId = ulid();
  const job = {
    ...jobKey(campaignId, exportId),
    type: 'export',
    exportId,
    campaignId,
    kind: 'package',
    set: 'confirmed',
    status,
    requestedBy: 'test',
    requestedAt: at,
    ...(status === 'running' ? { startedAt: at } : {}),
  };
  await createRecord(
    `EXPORT#${exportId}`,
    { actor: { accountId: 'test', role: 'system' }, requestId: 'test', now: at },
    { action: 'export.requested', campaignId, next: job, changes: [] },
  );
  return exportId;
}
