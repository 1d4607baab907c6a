/**
 * What the job benchmarks share: the real local stack, clients on its emulators, a city login on a
 * fresh campaign, synthetic nominations written straight into DynamoDB Local, and the memory of
 * the job's own process (the local runtime runs each job in a process of its own, as the cloud
 * runs it in a Lambda function of its own), sampled from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Campaign } from '#shared/campaign';
import { exampleCampaign } from '../../infra/local/seed.ts';
import { qingfengCampaign } from '../support/definitions.ts';
import { collectiveForm, teacherForm, workerForm } from '../support/forms.ts';
import { startLocalStack } from '../support/local-stack.ts';

/** The sizes asked for on the command line (`-- 1000 10000`), or these. */
export function benchSizes(fallback: number[]): number[] {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  return sizes.length ? sizes : fallback;
}

export const { stack, stop, pid } = await startLocalStack();
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
export const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.dynamoEndpoint, region: 'cn-north-1', credentials }),
);
export const s3 = new S3Client({
  endpoint: stack.s3Endpoint,
  region: 'cn-north-1',
  credentials,
  forcePathStyle: true,
});

/** A process's resident memory (VmRSS) or its peak so far (VmHWM), in KB; 0 once it has gone. */
export function rssKb(of: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${of}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The job's process: the runtime's child running infra/local/job-process.mjs. */
export function jobPids(): number[] {
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

/** A call to the local API; GETs are retried, since a job on the same machine can keep it busy. */
export async function api(
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

export const benchContext = () => ({
  actor: { accountId: 'bench', role: 'system' as const },
  requestId: 'bench',
  now: new Date().toISOString(),
});

/** The notice a benchmark runs: Puyang's example, or Qingfeng's with `--qingfeng` on the command line. */
export const benchNotice: 'puyang' | 'qingfeng' = process.argv.includes('--qingfeng') ? 'qingfeng' : 'puyang';

/** A fresh campaign like the example (of `benchNotice`), and a city office token on it. */
export async function benchCampaign(title: string): Promise<{ campaign: Campaign; token: string }> {
  const base = benchNotice === 'qingfeng' ? qingfengCampaign(ulid()) : exampleCampaign(new Date());
  const campaign = { ...base, id: ulid(), title };
  const ctx = benchContext();
  await createCampaign(campaign, ctx);
  const { code } = await createAccount(
    { role: 'city', campaignId: campaign.id, name: '市评选办', expiresAt: campaign.endsAt },
    ctx,
  );
  const token = (await api('POST', '/api/auth/login', undefined, { code })).token as string;
  return { campaign, token };
}

export const benchPhoto = readFileSync(join(import.meta.dirname, '../fixtures/photos/id-photo-413x579.jpg'));

/** The photo every synthetic worker uses, stored once in the records bucket. */
export async function storeBenchPhoto(campaign: Campaign): Promise<string> {
  const key = `photos/${campaign.id}/bench.jpg`;
  await s3.send(
    new PutObjectCommand({
      Bucket: stack.buckets.records,
      Key: key,
      Body: benchPhoto,
      ContentType: 'image/jpeg',
    }),
  );
  return key;
}

/**
 * The i-th synthetic nomination of a campaign as stored (without its audit head): every region in
 * turn, forty units; in Puyang two workers (with the stored photo) for each collective, in
 * Qingfeng two teachers for each class teacher (all with the stored photo).
 */
export function benchNomination(
  campaign: Campaign,
  i: number,
  opts: { status: string; photoKey: string; photoSha256: string; now: string },
) {
  const id = ulid();
  const region = campaign.regions[i % campaign.regions.length]?.id as string;
  const qingfeng = campaign.definition.categories.some((c) => c.id === 'teacher');
  const worker = i % 3 !== 0;
  const withPhoto = qingfeng || worker;
  return {
    pk: `NOM#${id}`,
    sk: 'NOM',
    gsi2pk: `CAMPAIGN#${campaign.id}#NOM`,
    gsi2sk: `${region}#${opts.status}#${id}`,
    type: 'nomination',
    id,
    campaignId: campaign.id,
    regionId: region,
    unitId: 'BENCH',
    unitName: `第${(i % 40) + 1}推荐单位`,
    category: qingfeng ? (worker ? 'teacher' : 'class-teacher') : worker ? 'worker' : 'collective',
    status: opts.status,
    form: qingfeng
      ? teacherForm(
          { name: `候选人${i}`, ...(worker ? {} : { classTeacherYears: 5 }) },
          campaign.assessmentYears,
        )
      : worker
        ? { ...workerForm(campaign.assessmentYears, { name: `候选人${i}` }), idNumber: undefined }
        : collectiveForm({ unitName: `先进集体${i}` }),
    version: 1,
    createdAt: opts.now,
    updatedAt: opts.now,
    createdBy: 'bench',
    submittedAt: opts.now,
    ...(withPhoto
      ? {
          acceptedPhoto: {
            photoId: id,
            key: opts.photoKey,
            sha256: opts.photoSha256,
            width: 413,
            height: 579,
            bytes: benchPhoto.length,
          },
        }
      : {}),
  };
}

/** Write items straight into the table, 25 to a batch, eight batches at a time. */
export async function writeItems(items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25 * 8) {
    await Promise.all(
      Array.from({ length: 8 }, (_, j) => items.slice(i + j * 25, i + (j + 1) * 25))
        .filter((b) => b.length)
        .map(async (batch) => {
          let request = batch.map((Item) => ({ PutRequest: { Item: JSON.parse(JSON.stringify(Item)) } }));
          while (request.length) {
            const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [stack.table]: request } }));
            request = (out.UnprocessedItems?.[stack.table] ?? []) as typeof request;
          }
        }),
    );
  }
}
