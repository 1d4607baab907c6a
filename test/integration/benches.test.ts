/**
 * The job benchmarks stay runnable: each runs at a tiny size, on a stack of its own, and must
 * print its row. Their figures are not checked (benchmarks measure; tests do not time), only that
 * the job they time still ends as it should (an export done, a history intact).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

async function bench(script: string, size: number, ...flags: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', `test/bench/${script}.ts`, String(size), ...flags],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout;
}

describe('the job benchmarks', () => {
  it('bench:export exports 12 nominees and prints their row', async () => {
    const out = await bench('export', 12);
    expect(out).toMatch(/^\s+12\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s*$/m);
  }, 240_000);

  it('bench:export --qingfeng exports 12 nominees of the Qingfeng notice’s campaign', async () => {
    const out = await bench('export', 12, '--qingfeng');
    expect(out).toContain('full-package export of the qingfeng campaign');
    expect(out).toMatch(/^\s+12\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s*$/m);
  }, 240_000);

  it('bench:verify verifies 12 nominations intact and prints their row', async () => {
    const out = await bench('verify', 12);
    expect(out).toMatch(/^\s+12\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s*$/m);
  }, 240_000);
});
