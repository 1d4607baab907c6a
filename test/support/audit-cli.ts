/** `npm run audit:verify` run as a process, as an auditor runs it, against the test stack. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { stack } from './stack.ts';

/** The environment `npm start` reads for its emulators' ports: the test stack's. */
export const localStackEnv = () => ({
  DYNAMODB_PORT: new URL(stack.dynamoEndpoint).port,
  S3_PORT: new URL(stack.s3Endpoint).port,
});

/**
 * Run the CLI with these arguments and only PATH, HOME and `env` in its environment (so nothing of
 * the test process's own configuration leaks in); resolves with its exit code and output.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = localStackEnv(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'infra/cli/audit-verify.ts', ...args],
      {
        cwd: resolve(import.meta.dirname, '../..'),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => ok({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
