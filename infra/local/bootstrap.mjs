#!/usr/bin/env node
/**
 * The README's two commands start here, on a machine with nothing but Node 20: install the
 * locked dependencies when they are missing or stale, then start the system or run every test.
 * Plain Node on purpose: it runs before node_modules exists.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const stamp = join(root, 'node_modules', '.pingxuan-lock-sha256');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function ensureDependencies() {
  const lock = createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) return;
  console.log('安装依赖（npm ci）…');
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, lock);
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const mode = process.argv[2];
ensureDependencies();
if (mode === 'start') {
  run(process.execPath, ['--import', 'tsx', 'infra/local/start.ts']);
} else if (mode === 'test') {
  run(npm, ['run', '--silent', 'lint']);
  run(npm, ['run', '--silent', 'typecheck']);
  run(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run']);
} else {
  console.error('usage: bootstrap.mjs start|test');
  process.exit(2);
}
