/**
 * `npm run backup` and `npm run restore` on the real emulators: the running test stack (seeded,
 * with whatever the other tests wrote, and objects of our own in all three buckets) is backed up,
 * restored into an empty data folder, and every item, object and data file compared; a damaged
 * archive is refused before anything is written, and so is a folder that already holds data.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type AttributeValue, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/emulators.ts';
import { LOCAL_STORE, type StoreLocation, withStoreOn } from '../../infra/local/store-archive.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const stack = inject('stack');
const work = mkdtempSync(join(tmpdir(), 'pingxuan-backup-'));
const archive = join(work, 'backup.zip');
const restored = join(work, 'restored');

const run = (script: string, args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', `infra/cli/${script}.ts`, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: '' },
  }).catch((e: { code: number; stdout: string; stderr: string }) => e);

const credentials = {
  accessKeyId: LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
};

/** Everything in a store: items by key, objects by bucket/key with type and metadata, data files. */
async function contents(at: StoreLocation) {
  const ddb = new DynamoDBClient({ endpoint: at.dynamoEndpoint, region: 'cn-north-1', credentials });
  const s3 = new S3Client({
    endpoint: at.s3Endpoint,
    region: 'cn-north-1',
    credentials,
    forcePathStyle: true,
  });
  const items = new Map<string, Record<string, AttributeValue>>();
  for await (const page of paginateScan({ client: ddb }, { TableName: LOCAL_STORE.table })) {
    for (const item of page.Items ?? []) items.set(`${item.pk?.S}|${item.sk?.S}`, item);
  }
  const objects = new Map<string, { type?: string; metadata?: Record<string, string>; bytes: Buffer }>();
  for (const bucket of LOCAL_STORE.buckets) {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
      for (const o of page.Contents ?? []) {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key }));
        objects.set(`${bucket}/${o.Key}`, {
          type: got.ContentType,
          metadata: got.Metadata,
          bytes: Buffer.from(
            await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
          ),
        });
      }
    }
  }
  ddb.destroy();
  s3.destroy();
  const files = ['secrets/token-secret', 'secrets/pii-key', 'demo-accounts.json'].map((f) =>
    existsSync(join(at.dataDir, f)) ? readFileSync(join(at.dataDir, f), 'utf8') : undefined,
  );
  return { items, objects, files };
}

const source = (): StoreLocation => ({
  dynamoEndpoint: stack.dynamoEndpoint,
  s3Endpoint: stack.s3Endpoint,
  dataDir: stack.dataDir,
});

let before: Awaited<ReturnType<typeof contents>>;

beforeAll(async () => {
  // objects of our own in every bucket: a Chinese key, binary bytes, metadata, an empty object
  const s3 = new S3Client({
    endpoint: stack.s3Endpoint,
    region: 'cn-north-1',
    credentials,
    forcePathStyle: true,
  });
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
  for (const Bucket of LOCAL_STORE.buckets) {
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'backup-test/华龙区/照片 1.bin',
        Body: bytes,
        ContentType: 'application/octet-stream',
        Metadata: { purpose: 'backup-test' },
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'backup-test/empty.txt',
        Body: new Uint8Array(0),
        ContentLength: 0,
        ContentType: 'text/plain',
      }),
    );
  }
  s3.destroy();
  const backup = await run('backup', [
    '--out',
    archive,
    '--data-dir',
    stack.dataDir,
    '--dynamodb-endpoint',
    stack.dynamoEndpoint,
    '--s3-endpoint',
    stack.s3Endpoint,
  ]);
  expect((backup as { stderr: string }).stderr).toBe('');
  before = await contents(source());
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('local backup and restore', () => {
  it('restores every item, object and data file into an empty data folder', async () => {
    expect(before.items.size).toBeGreaterThan(50); // the example campaign at least
    for (const bucket of LOCAL_STORE.buckets) {
      expect(
        [...before.objects.keys()].filter((k) => k.startsWith(`${bucket}/`)).length,
        bucket,
      ).toBeGreaterThan(0);
    }
    expect(before.files.every((f) => f !== undefined)).toBe(true);

    const restore = await run('restore', [archive, '--data-dir', restored]);
    expect((restore as { stdout: string }).stdout).toContain('已恢复');
    const after = await withStoreOn(restored, (at) => contents(at));

    expect([...after.items.keys()].sort()).toEqual([...before.items.keys()].sort());
    for (const [key, item] of before.items) expect(after.items.get(key), key).toEqual(item);
    expect([...after.objects.keys()].sort()).toEqual([...before.objects.keys()].sort());
    for (const [key, object] of before.objects) {
      const copy = after.objects.get(key);
      expect(copy?.bytes.equals(object.bytes), key).toBe(true);
      expect(copy?.type, key).toBe(object.type);
      expect(copy?.metadata, key).toEqual(object.metadata);
    }
    expect(after.files).toEqual(before.files);
  }, 600_000);

  it('refuses a damaged archive, with a Chinese and English message, and writes nothing', async () => {
    const damaged = join(work, 'damaged.zip');
    const bytes = readFileSync(archive);
    // bytes inside the entries' data (the central directory at the end is not read)
    for (const at of [Math.floor(bytes.length / 3), Math.floor(bytes.length / 2)]) {
      bytes[at] = (bytes[at] as number) ^ 0xff;
    }
    writeFileSync(damaged, bytes);
    const target = join(work, 'never');
    const result = (await run('restore', [damaged, '--data-dir', target])) as {
      code?: number;
      stderr: string;
    };
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('备份文件已损坏');
    expect(result.stderr).toContain('The backup archive is corrupted');
    expect(existsSync(target)).toBe(false);

    const cut = join(work, 'cut.zip');
    writeFileSync(cut, readFileSync(archive).subarray(0, 2_000));
    const truncated = (await run('restore', [cut, '--data-dir', target])) as {
      code?: number;
      stderr: string;
    };
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain('备份文件已损坏');
  }, 300_000);

  it('refuses to restore over a data folder that holds data', async () => {
    const used = join(work, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'demo-accounts.json'), '[]');
    const result = (await run('restore', [archive, '--data-dir', used])) as {
      code?: number;
      stderr: string;
    };
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('不是空的');
  });
});
