/**
 * `npm run bench:lambda`: each Lambda bundle's size and its cold init time.
 *
 * Every function in functions/routes.ts (routes, processors, the export runner, the daily job)
 * is bundled the way the CDK stack bundles it (esbuild, ESM, minified, AWS SDK v3 inside, sharp
 * left to a layer), then imported in a fresh Node process, five times, to time module
 * initialisation. Prints bytes (raw and gzip) and the
 * median init time per function.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { exportJobRunners, routes, scheduledJobs, uploadProcessors } from '../../functions/routes.ts';
import { bundleLikeLambda } from '../support/lambda-bundle.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = 5;
// Inside the project, so that the layer-provided package (sharp) resolves from node_modules.
const out = mkdtempSync(join(ROOT, 'node_modules', '.pingxuan-bench-'));

const entries = [
  ...routes.map((r) => ({ id: r.id, handler: r.handler })),
  ...uploadProcessors.map((p) => ({ id: p.id, handler: p.handler })),
  ...exportJobRunners.map((j) => ({ id: j.id, handler: j.handler })),
  ...scheduledJobs.map((j) => ({ id: j.id, handler: j.handler })),
];

const env = {
  ...process.env,
  TABLE_NAME: 't',
  UPLOADS_BUCKET: 'u',
  RECORDS_BUCKET: 'r',
  EXPORTS_BUCKET: 'e',
  TOKEN_SECRET_FILE: '/dev/null',
  AWS_REGION: 'cn-north-1',
};

const rows: { id: string; raw: number; gz: number; initMs: number }[] = [];
for (const e of entries) {
  const file = join(out, `${e.id}.mjs`);
  await bundleLikeLambda(join(ROOT, 'functions', `${e.handler}.ts`), file);
  const bytes = readFileSync(file);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});console.log(performance.now()-t)`;
    const ms = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    times.push(Number(ms.trim()));
  }
  times.sort((a, b) => a - b);
  rows.push({
    id: e.id,
    raw: statSync(file).size,
    gz: gzipSync(bytes).length,
    initMs: times[Math.floor(RUNS / 2)] as number,
  });
}
rmSync(out, { recursive: true, force: true });

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
console.log(
  `Lambda bundles (esbuild, ESM, minified; init = median of ${RUNS} imports in a fresh Node ${process.version})`,
);
console.log(['function'.padEnd(20), 'bundle'.padStart(9), 'gzip'.padStart(9), 'init'.padStart(9)].join(' '));
for (const r of rows) {
  console.log(
    [
      r.id.padEnd(20),
      kb(r.raw).padStart(9),
      kb(r.gz).padStart(9),
      `${r.initMs.toFixed(0)} ms`.padStart(9),
    ].join(' '),
  );
}
