/**
 * Start the whole local stack (`infra/local/start.ts`, exactly as `npm start` runs it) as a
 * child process on the ports and data folder given, and wait until it answers. The tests'
 * global setup, the benchmarks and the rehearsal use it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './emulators.ts';
import type { DemoAccount } from './seed.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LaunchOptions {
  dataDir: string;
  /** The API and web port (a free one when left out). */
  port?: number;
  host?: string;
  /** Extra environment for the stack (e.g. SKIP_WEB_BUILD). */
  env?: Record<string, string>;
  /** Also pass the stack's output through to this process's stderr. */
  echo?: boolean;
  /** Keep everything the stack prints, stdout and stderr, in this file. */
  logFile?: string;
}

export interface LaunchedStack {
  baseUrl: string;
  port: number;
  dynamoEndpoint: string;
  s3Endpoint: string;
  demo: DemoAccount[];
  child: ChildProcess;
  /** Stop it (SIGTERM) and wait for it to exit. */
  stop: () => Promise<void>;
}

/** Start the stack; resolves once its API answers and it has printed that it started. */
export async function launchLocalStack(o: LaunchOptions): Promise<LaunchedStack> {
  const port = o.port ?? (await freePort());
  const [dynamoPort, s3Port] = [await freePort(), await freePort()];
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...o.env,
      PORT: String(port),
      HOST: o.host ?? '127.0.0.1',
      DATA_DIR: o.dataDir,
      DYNAMODB_PORT: String(dynamoPort),
      S3_PORT: String(s3Port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (d: Buffer) => {
    output += d;
    if (o.echo) process.stderr.write(d);
    if (o.logFile) appendFileSync(o.logFile, d);
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
  return {
    baseUrl,
    port,
    dynamoEndpoint: `http://127.0.0.1:${dynamoPort}`,
    s3Endpoint: `http://127.0.0.1:${s3Port}`,
    demo: JSON.parse(readFileSync(join(o.dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[],
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}
