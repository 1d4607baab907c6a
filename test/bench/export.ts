/**
 * `npm run bench:export [-- 1000 10000]`: the full-package export at scale. Starts the local
 * stack, seeds N synthetic recommended nominations (workers and collectives, every region, each
 * worker with a stored photo) straight into DynamoDB Local, runs the export job the way the city
 * office does (POST /api/exports, poll), and prints nominees per second, the package size and the
 * peak resident memory of the export job's own process (the local runtime runs each export in a
 * process of its own, as the cloud runs it in a Lambda function of its own), sampled from /proc,
 * and, for comparison, that of the local runtime (API, S3 emulator) beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { exampleCampaign } from '../../infra/local/seed.ts';
import { collectiveForm, workerForm } from '../support/forms.ts';
import { startLocalStack } from '../support/local-stack.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const NS = sizes.length ? sizes : [1000, 10000];
const { stack, stop, pid } = await startLocalStack();
Object.assign(process.env, {
  TABLE_NAME: stack.table,
  AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'cn-north-1',
});
const { createCampaign } = await import('#lib/campaigns');
const { createAccount } = await import('#lib/accounts');
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'cn-north-1', credentials }),
);
const s3 = new S3Client({
  endpoint: stack.s3Endpoint,
  region: 'cn-north-1',
  credentials,
  forcePathStyle: true,
});

/** A process's resident memory (VmRSS) or its peak so far (VmHWM), in KB; 0 once it has gone. */
function rssKb(of: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${of}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The export job's process: the runtime's child running infra/local/job-process.mjs. */
function jobPids(): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  return children.map(Number).filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('job-process');
    } catch {
      return false;
    }
  });
}

/** A call to the local API; retried, since the export runs in the same process and can keep it busy. */
async function api(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<Record<string, any>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(`${stack.baseUrl}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await r.json()) as Record<string, any>;
    } catch (e) {
      if (attempt >= 10 || method !== 'GET') throw e;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const photo = readFileSync(join(import.meta.dirname, '../fixtures/photos/id-photo-413x579.jpg'));
console.log(`full-package export, local stack (Node ${process.version}, ${stack.baseUrl})`);
console.log(
  [
    'N'.padStart(6),
    'seconds'.padStart(8),
    'nominees/s'.padStart(11),
    'zip MB'.padStart(8),
    'job peak RSS MB'.padStart(16),
    'runtime RSS MB'.padStart(15),
  ].join(' '),
);
for (const n of NS) {
  const campaign = { ...exampleCampaign(new Date()), id: ulid(), title: `基准测试 ${n}` };
  const ctx = {
    actor: { accountId: 'bench', role: 'system' as const },
    requestId: 'bench',
    now: new Date().toISOString(),
  };
  await createCampaign(campaign, ctx);
  const photoKey = `photos/${campaign.id}/bench.jpg`;
  await s3.send(
    new PutObjectCommand({
      Bucket: stack.buckets.records,
      Key: photoKey,
      Body: photo,
      ContentType: 'image/jpeg',
    }),
  );
  const items = Array.from({ length: n }, (_, i) => {
    const id = ulid();
    const region = campaign.regions[i % campaign.regions.length]?.id as string;
    const worker = i % 3 !== 0;
    return {
      pk: `NOM#${id}`,
      sk: 'NOM',
      gsi2pk: `CAMPAIGN#${campaign.id}#NOM`,
      gsi2sk: `${region}#recommended#${id}`,
      type: 'nomination',
      id,
      campaignId: campaign.id,
      regionId: region,
      unitId: 'BENCH',
      unitName: `第${(i % 40) + 1}推荐单位`,
      category: worker ? 'worker' : 'collective',
      status: 'recommended',
      form: worker
        ? { ...workerForm(campaign.assessmentYears, { name: `候选人${i}` }), idNumber: undefined }
        : collectiveForm({ unitName: `先进集体${i}` }),
      version: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: 'bench',
      submittedAt: ctx.now,
      auditSeq: 0,
      auditHead: '',
      ...(worker
        ? {
            acceptedPhoto: {
              photoId: id,
              key: photoKey,
              sha256: '',
              width: 413,
              height: 579,
              bytes: photo.length,
            },
          }
        : {}),
    };
  });
  for (let i = 0; i < items.length; i += 25 * 8) {
    await Promise.all(
      Array.from({ length: 8 }, (_, j) => items.slice(i + j * 25, i + (j + 1) * 25))
        .filter((b) => b.length)
        .map((batch) =>
          ddb.send(
            new BatchWriteCommand({
              RequestItems: {
                [stack.table]: batch.map((Item) => ({
                  PutRequest: { Item: JSON.parse(JSON.stringify(Item)) },
                })),
              },
            }),
          ),
        ),
    );
  }
  const { code } = await createAccount(
    { role: 'city', campaignId: campaign.id, name: '市评选办', expiresAt: campaign.endsAt },
    ctx,
  );
  const token = (await api('POST', '/api/auth/login', undefined, { code })).token as string;
  let jobPeak = 0;
  let runtimePeak = rssKb(pid, 'VmRSS');
  const started = Date.now();
  const job = await api('POST', '/api/exports', token, { set: 'recommended' });
  let done: Record<string, any>;
  for (let polls = 0; ; polls++) {
    for (const job of jobPids()) jobPeak = Math.max(jobPeak, rssKb(job, 'VmHWM'));
    runtimePeak = Math.max(runtimePeak, rssKb(pid, 'VmRSS'));
    // the status every second; memory five times as often, the job's process ends with the job
    if (polls % 5 === 0) {
      done = await api('GET', `/api/exports/${job.exportId}`, token);
      if (done.status === 'done' || done.status === 'failed') break;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  if (done.status !== 'done') throw new Error(`export failed: ${JSON.stringify(done)}`);
  if (!jobPeak) throw new Error('the export job process was not found under the local runtime');
  console.log(
    [
      String(n).padStart(6),
      seconds.toFixed(1).padStart(8),
      (n / seconds).toFixed(1).padStart(11),
      (Number(done.bytes) / 1048576).toFixed(1).padStart(8),
      (jobPeak / 1024).toFixed(0).padStart(16),
      (runtimePeak / 1024).toFixed(0).padStart(15),
    ].join(' '),
  );
}
console.log(
  '(job peak RSS: the export job process alone, as a Lambda function runs it; runtime RSS: the local API and S3 emulator beside it)',
);
await stop();
