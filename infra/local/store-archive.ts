/**
 * The whole local store in one file, and back: every item of the table (DynamoDB JSON, so types
 * survive: numbers as written, binaries, sets), every object of the three buckets (every version
 * where the emulator keeps versions; s3rver keeps none) with its content type and metadata, and
 * the data folder's own files that the store is useless without (the token secret, the key that
 * seals ID numbers, the demo access codes). A zip from our own writer, with manifest.json last:
 * what each entry is and its SHA-256. A restore reads the archive twice: first to check every
 * checksum (a damaged archive changes nothing), then to write.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandOutput,
  DynamoDBClient,
  paginateScan,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  ListObjectsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { Unzip, UnzipInflate } from 'fflate';
import { ZipStreamWriter } from '../../functions/lib/documents/zip.ts';
import { freePort, LOCAL_CREDENTIALS, provision, startDynamo, startS3 } from './emulators.ts';

/** The table and buckets of the local stack (infra/local/start.ts creates them). */
export const LOCAL_STORE = {
  table: 'pingxuan',
  buckets: ['pingxuan-uploads', 'pingxuan-records', 'pingxuan-exports'],
} as const;

/** Files of the data folder that belong with the store (relative paths). */
const DATA_FILES = ['secrets/token-secret', 'secrets/pii-key', 'demo-accounts.json'];

const FORMAT = 'pingxuan-local-backup';
const TABLE_ENTRY = 'dynamodb/items.jsonl';

export interface ArchivedObject {
  bucket: string;
  key: string;
  /** Set when the bucket keeps versions; versions of a key are listed newest first. */
  versionId?: string;
  contentType?: string;
  metadata: Record<string, string>;
  path: string;
}

export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  table: { name: string; items: number; path: string };
  buckets: string[];
  objects: ArchivedObject[];
  files: { name: string; path: string }[];
  /** SHA-256 (hex) of every other entry, by its path in the archive. */
  sha256: Record<string, string>;
}

/** Where the store is: emulator endpoints and the data folder. */
export interface StoreLocation {
  dynamoEndpoint: string;
  s3Endpoint: string;
  dataDir: string;
}

function clients(at: StoreLocation) {
  const base = {
    region: LOCAL_CREDENTIALS.AWS_REGION,
    credentials: {
      accessKeyId: LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
    },
  };
  return {
    ddb: new DynamoDBClient({ ...base, endpoint: at.dynamoEndpoint }),
    s3: new S3Client({ ...base, endpoint: at.s3Endpoint, forcePathStyle: true }),
  };
}

/** DynamoDB JSON with binaries as `{ "$b64": … }` (JSON has no bytes). */
const toJson = (item: Record<string, AttributeValue>) =>
  JSON.stringify(item, (_k, v) =>
    v instanceof Uint8Array ? { $b64: Buffer.from(v).toString('base64') } : (v as unknown),
  );
const fromJson = (line: string) =>
  JSON.parse(line, (_k, v) =>
    v && typeof v === 'object' && typeof v.$b64 === 'string'
      ? new Uint8Array(Buffer.from(v.$b64, 'base64'))
      : v,
  ) as Record<string, AttributeValue>;

/** Every version of every object, newest first per key; plain objects where versions are not kept. */
async function listObjects(s3: S3Client, bucket: string): Promise<{ key: string; versionId?: string }[]> {
  try {
    const out: { key: string; versionId?: string }[] = [];
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker, VersionIdMarker }),
      );
      for (const v of page.Versions ?? []) {
        const versionId = v.VersionId && v.VersionId !== 'null' ? v.VersionId : undefined;
        out.push({ key: v.Key as string, versionId });
      }
      KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      VersionIdMarker = page.NextVersionIdMarker;
    } while (KeyMarker);
    return out;
  } catch (e) {
    // s3rver refuses (MethodNotAllowed): it keeps only the current object
    if (!['NotImplemented', 'MethodNotAllowed'].includes((e as { name?: string }).name ?? '')) throw e;
  }
  // ListObjects (v1), paged by the last key: s3rver's ListObjectsV2 continuation tokens need
  // OpenSSL's legacy provider (NODE_OPTIONS=--openssl-legacy-provider), on Node 24 as on 20
  const out: { key: string }[] = [];
  let Marker: string | undefined;
  for (;;) {
    const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker }));
    for (const o of page.Contents ?? []) out.push({ key: o.Key as string });
    if (!page.IsTruncated || !page.Contents?.length) return out;
    Marker = page.Contents.at(-1)?.Key;
  }
}

/** Write the whole store at `from` into the zip `file`; returns its manifest. */
export async function backupStore(from: StoreLocation, file: string, now = new Date()): Promise<Manifest> {
  const { ddb, s3 } = clients(from);
  const out = createWriteStream(file);
  const zip = new ZipStreamWriter(out, { mtime: now });
  const sha256: Record<string, string> = {};
  const add = async (path: string, data: Uint8Array) => {
    sha256[path] = (await zip.add(path, data)).sha256;
  };
  try {
    const lines: string[] = [];
    for await (const page of paginateScan(
      { client: ddb },
      { TableName: LOCAL_STORE.table, ConsistentRead: true },
    )) {
      for (const item of page.Items ?? []) lines.push(toJson(item));
    }
    await add(TABLE_ENTRY, Buffer.from(lines.map((l) => `${l}\n`).join('')));

    const objects: ArchivedObject[] = [];
    for (const bucket of LOCAL_STORE.buckets) {
      for (const { key, versionId } of await listObjects(s3, bucket)) {
        const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
        const path = `s3/${bucket}/${objects.length}`;
        await add(
          path,
          await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
        );
        objects.push({
          bucket,
          key,
          versionId,
          contentType: got.ContentType,
          metadata: got.Metadata ?? {},
          path,
        });
      }
    }

    const files: Manifest['files'] = [];
    for (const name of DATA_FILES) {
      const source = join(from.dataDir, name);
      if (!existsSync(source)) continue;
      const path = `files/${name}`;
      await add(path, readFileSync(source));
      files.push({ name, path });
    }

    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      createdAt: now.toISOString(),
      table: { name: LOCAL_STORE.table, items: lines.length, path: TABLE_ENTRY },
      buckets: [...LOCAL_STORE.buckets],
      objects,
      files,
      sha256,
    };
    await zip.add('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
    await zip.end();
    out.end();
    await once(out, 'close');
    return manifest;
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}

/** A refusal to restore, in Chinese and English. */
export class ArchiveError extends Error {}

/** The archive's entries, one at a time, each whole. */
async function* entries(file: string): AsyncGenerator<{ name: string; data: Buffer }> {
  const done: { name: string; data: Buffer }[] = [];
  let failure: Error | undefined;
  const unzip = new Unzip((entry) => {
    const parts: Uint8Array[] = [];
    entry.ondata = (err, chunk, final) => {
      if (err) failure ??= err;
      else parts.push(chunk);
      if (final && !err) done.push({ name: entry.name, data: Buffer.concat(parts) });
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  const drain = function* () {
    if (failure) throw failure;
    while (done.length > 0) yield done.shift() as { name: string; data: Buffer };
  };
  try {
    for await (const chunk of createReadStream(file)) {
      unzip.push(chunk as Buffer);
      yield* drain();
    }
    unzip.push(new Uint8Array(0), true);
    yield* drain();
  } catch (e) {
    throw e instanceof ArchiveError ? e : corrupted(`${(e as Error).message}`);
  }
}

const corrupted = (why: string) =>
  new ArchiveError(
    `备份文件已损坏或不完整，未做任何恢复：${why}\nThe backup archive is corrupted or incomplete; nothing was restored: ${why}`,
  );

const digest = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Check every entry against the manifest's SHA-256; the manifest when all match, else an ArchiveError. */
export async function verifyArchive(file: string): Promise<Manifest> {
  if (!existsSync(file)) throw new ArchiveError(`找不到备份文件 ${file}\nNo such backup archive: ${file}`);
  const seen = new Map<string, string>();
  let manifest: Manifest | undefined;
  for await (const { name, data } of entries(file)) {
    if (name === 'manifest.json') {
      try {
        manifest = JSON.parse(data.toString('utf8')) as Manifest;
      } catch {
        throw corrupted('manifest.json is not JSON');
      }
    } else seen.set(name, digest(data));
  }
  if (!manifest || manifest.format !== FORMAT) throw corrupted('no Pingxuan manifest.json');
  for (const [path, sum] of Object.entries(manifest.sha256)) {
    if (!seen.has(path)) throw corrupted(`${path} is missing`);
    if (seen.get(path) !== sum) throw corrupted(`${path}: SHA-256 does not match the manifest`);
  }
  const extra = [...seen.keys()].filter((path) => !(path in manifest.sha256));
  if (extra.length > 0) throw corrupted(`entries not in the manifest: ${extra.join(', ')}`);
  return manifest;
}

/** Whether the store at `at` holds anything: an item in the table or an object in a bucket. */
export async function storeIsEmpty(at: StoreLocation): Promise<boolean> {
  const { ddb, s3 } = clients(at);
  try {
    for await (const page of paginateScan({ client: ddb }, { TableName: LOCAL_STORE.table, Limit: 1 })) {
      if ((page.Items ?? []).length > 0) return false;
      break;
    }
    for (const bucket of LOCAL_STORE.buckets) {
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, MaxKeys: 1 })) {
        if ((page.Contents ?? []).length > 0) return false;
        break;
      }
    }
    return true;
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}

/**
 * Write a verified archive into the store at `to` (table and buckets provisioned, empty): items in
 * batches of 25, objects oldest version first so the newest stays current, the data files.
 */
export async function restoreStore(file: string, manifest: Manifest, to: StoreLocation): Promise<void> {
  const { ddb, s3 } = clients(to);
  const objects = new Map(manifest.objects.map((o) => [o.path, o]));
  const files = new Map(manifest.files.map((f) => [f.path, f.name]));
  // versions come newest first: hold them back until the archive ends, then put them oldest first
  const versions: { object: ArchivedObject; data: Buffer }[] = [];
  try {
    for await (const { name, data } of entries(file)) {
      if (name === manifest.table.path) {
        const requests: WriteRequest[] = data
          .toString('utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => ({ PutRequest: { Item: fromJson(line) } }));
        for (let i = 0; i < requests.length; i += 25) {
          let batch: WriteRequest[] | undefined = requests.slice(i, i + 25);
          while (batch && batch.length > 0) {
            const r: BatchWriteItemCommandOutput = await ddb.send(
              new BatchWriteItemCommand({ RequestItems: { [manifest.table.name]: batch } }),
            );
            batch = r.UnprocessedItems?.[manifest.table.name];
          }
        }
      } else if (objects.has(name)) {
        const object = objects.get(name) as ArchivedObject;
        if (object.versionId) versions.push({ object, data });
        else await putObject(s3, object, data);
      } else if (files.has(name)) {
        const target = join(to.dataDir, files.get(name) as string);
        const secret = target.includes(`${join(to.dataDir, 'secrets')}`);
        mkdirSync(join(target, '..'), { recursive: true, mode: secret ? 0o700 : 0o755 });
        await writeFile(target, data, { mode: secret ? 0o600 : 0o644 });
      }
    }
    for (const { object, data } of versions.reverse()) await putObject(s3, object, data);
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}

function putObject(s3: S3Client, object: ArchivedObject, data: Buffer) {
  return s3.send(
    new PutObjectCommand({
      Bucket: object.bucket,
      Key: object.key,
      Body: data,
      ContentType: object.contentType,
      Metadata: object.metadata,
    }),
  );
}

/** Whether a data folder is absent or empty (a restore writes only into a fresh one). */
export function freshDataDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Run `work` against emulators of our own on the data folder `dataDir` (free ports, the table and
 * buckets provisioned), then stop them. For a folder that `npm start` is not using at the moment.
 */
export async function withStoreOn<T>(dataDir: string, work: (at: StoreLocation) => Promise<T>): Promise<T> {
  const [dynamo, s3] = await Promise.all([
    freePort().then((port) => startDynamo(port, join(dataDir, 'dynamodb'))),
    freePort().then((port) => startS3(port, join(dataDir, 's3'))),
  ]);
  try {
    const at = { dynamoEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint, dataDir };
    await provision({ ...at, table: LOCAL_STORE.table, buckets: [...LOCAL_STORE.buckets] });
    return await work(at);
  } finally {
    dynamo.stop();
    await s3.stop();
  }
}
