/**
 * The real local stack, started exactly as `npm start` does (DynamoDB Local, s3rver, the
 * handlers behind the local API Gateway, the built web app) on free ports with a throw-away
 * data folder. The tests' global setup and the benchmarks use it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchLocalStack } from '../../infra/local/launch.ts';
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

/** Start the stack; resolves once it answers, with its addresses and a way to stop it. */
export async function startLocalStack(): Promise<{ stack: Stack; stop: () => Promise<void>; pid: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pingxuan-test-'));
  const logFile = join(dataDir, 'stack.log');
  const launched = await launchLocalStack({ dataDir, logFile, echo: !!process.env.STACK_LOG });
  const stack: Stack = {
    baseUrl: launched.baseUrl,
    dynamoEndpoint: launched.dynamoEndpoint,
    s3Endpoint: launched.s3Endpoint,
    table: 'pingxuan',
    buckets: { uploads: 'pingxuan-uploads', records: 'pingxuan-records', exports: 'pingxuan-exports' },
    demo: launched.demo,
    tokenSecretFile: join(dataDir, 'secrets', 'token-secret'),
    dataDir,
    logFile,
  };
  const stop = async () => {
    await launched.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { stack, stop, pid: launched.child.pid as number };
}
