/**
 * The real local stack, started exactly as `npm start` does (DynamoDB Local, s3rver, the
 * handlers behind the local API Gateway, the built web app) on free ports with a throw-away
 * data folder. The tests' global setup and the benchmarks use it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../infra/local/emulators.ts';
import type { DemoAccount } from '../../infra/local/seed.ts';

export interface Stack {
  baseUrl: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  table: string;
  buckets: { uploads: string; records: string; exports: string };
  demo: DemoAccount[];
  /** The stack's token-signing secret (for tests that forge tokens signed with the real key). */
  tokenSecretFile: string;
  /** The stack's data folder (its secrets and demo codes live there). */
  dataDir: string;
  /** Everything the local runtime printed, stdout and stderr, as it printed it. */
  logFile: string;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Start the stack; resolves once it answers, with its addresses and a way to stop it. */
export async function startLocalStack(): Promise<{ stack: Stack; stop: () => Promise<void>; pid: number }> {
  const [port, dynamoPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'pingxuan-test-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DYNAMODB_PORT: String(dynamoPort),
      S3_PORT: String(s3Port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = join(dataDir, 'stack.log');
  const keep = (d: Buffer) => {
    output += d;
    if (process.env.STACK_LOG) process.stderr.write(d);
    appendFileSync(logFile, d);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the local stack exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok && output.includes('已启动')) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`the local stack did not come up in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  const stack: Stack = {
    baseUrl,
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    table: 'pingxuan',
    buckets: { uploads: 'pingxuan-uploads', records: 'pingxuan-records', exports: 'pingxuan-exports' },
    demo: JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[],
    tokenSecretFile: join(dataDir, 'secrets', 'token-secret'),
    dataDir,
    logFile,
  };
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { stack, stop, pid: child.pid as number };
}
