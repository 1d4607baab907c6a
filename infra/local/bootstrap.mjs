#!/usr/bin/env node
/**
 * The README's two commands start here, on a machine with nothing but Node 20 or newer: install
 * the locked dependencies when they are missing or stale (among them the project's own Node, the
 * npm package `node`, the same major as the Lambda runtime), build the sharp layer for Lambda
 * (linux-arm64) from the registry's prebuilt packages, then start the system or run every test
 * on the project's Node. The machine's Node only runs this file.
 * Plain Node on purpose: it runs before node_modules exists.
 *
 *   node infra/local/bootstrap.mjs start|test   what `npm start` and `npm test` run
 *   node infra/local/bootstrap.mjs install      only the install steps (`npm run deploy` calls it)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = join(root, 'node_modules', '.bin');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Installed by `npm ci` from the `node` devDependency (its preinstall fetches the platform's binary). */
const projectNode = join(
  root,
  'node_modules',
  'node',
  'bin',
  process.platform === 'win32' ? 'node.exe' : 'node',
);
/** The layer asset infra/constructs/sharp-layer.ts reads: nodejs/node_modules/sharp and its @img packages. */
const sharpLayer = join(root, '.build', 'sharp-layer');

/** The environment without this project's node_modules/.bin, so `node` is the machine's own. */
function machineEnv() {
  const path = (process.env.PATH ?? '').split(delimiter).filter((dir) => resolve(dir) !== bin);
  return { ...process.env, PATH: path.join(delimiter) };
}

function lockHash() {
  return createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

function stamped(file, lock) {
  return existsSync(file) && readFileSync(file, 'utf8') === lock;
}

function ensureDependencies(lock) {
  const stamp = join(root, 'node_modules', '.pingxuan-lock-sha256');
  if (stamped(stamp, lock) && existsSync(projectNode)) return;
  console.log('安装依赖（npm ci）…');
  // npm runs on the machine's Node: npm ci removes node_modules, the project's Node among them.
  execFileSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env: machineEnv() });
  writeFileSync(stamp, lock);
}

/** The project's Node, checked to be the major that package.json pins (the Lambda runtime's). */
function checkedProjectNode() {
  const want = String(pkg.devDependencies?.node ?? '').split('.')[0];
  const version = existsSync(projectNode)
    ? execFileSync(projectNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
    : undefined;
  if (!version || version.split('.')[0] !== want) {
    console.error(
      `项目的 Node ${want} 未安装成功（${projectNode}：${version ?? '不存在'}）。请删除 node_modules 后重试。\n` +
        `The project's Node ${want} is not installed (${projectNode}: ${version ?? 'missing'}); ` +
        'its npm package downloads the binary in a preinstall script: remove node_modules and retry.',
    );
    process.exit(1);
  }
  return projectNode;
}

/**
 * sharp for the Lambda runtime (Linux, arm64, glibc), the version package.json pins, from the
 * registry's prebuilt @img packages: the upload processors' layer. Once per lock change.
 */
function ensureSharpLayer(lock) {
  const stamp = join(root, '.build', 'sharp-layer.lock-sha256');
  const modules = join(sharpLayer, 'nodejs', 'node_modules');
  const binary = join(modules, '@img', 'sharp-linux-arm64', 'lib');
  if (stamped(stamp, lock) && existsSync(binary)) return;
  const version = pkg.dependencies.sharp;
  console.log(`构建 Lambda 的 sharp 层（sharp@${version}，linux-arm64）…`);
  rmSync(sharpLayer, { recursive: true, force: true });
  mkdirSync(join(sharpLayer, 'nodejs'), { recursive: true });
  const prefix = join(sharpLayer, 'nodejs');
  execFileSync(
    npm,
    [
      'install',
      '--prefix',
      prefix,
      '--os=linux',
      '--cpu=arm64',
      '--libc=glibc',
      // the prebuilt binaries are all we want: nothing to check or compile on this machine
      '--ignore-scripts',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `sharp@${version}`,
    ],
    { cwd: root, stdio: 'inherit', env: machineEnv() },
  );
  // npm's bookkeeping is no part of the layer
  rmSync(join(modules, '.package-lock.json'), { force: true });
  if (!existsSync(binary) || !readdirSync(binary).some((f) => f.endsWith('.node'))) {
    console.error(
      `sharp 层构建失败：${binary} 中没有 .node 文件。\nThe sharp layer has no binary in ${binary}.`,
    );
    process.exit(1);
  }
  writeFileSync(stamp, lock);
}

/** Run a command on the project's Node: node_modules/.bin (where `node` is that Node) first on PATH. */
function run(command, args) {
  const env = { ...process.env, PATH: [bin, machineEnv().PATH].join(delimiter) };
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const mode = process.argv[2];
if (!['start', 'test', 'install'].includes(mode)) {
  console.error('usage: bootstrap.mjs start|test|install');
  process.exit(2);
}
const lock = lockHash();
ensureDependencies(lock);
const node = checkedProjectNode();
ensureSharpLayer(lock);
if (mode === 'start') {
  run(node, ['--import', 'tsx', 'infra/local/start.ts']);
} else if (mode === 'test') {
  run(npm, ['run', '--silent', 'lint']);
  run(npm, ['run', '--silent', 'typecheck']);
  run(node, [join(root, 'node_modules/vitest/vitest.mjs'), 'run']);
}
