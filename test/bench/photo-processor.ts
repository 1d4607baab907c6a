/**
 * How long the photo processor's image work (checkPortrait) takes per photo, and how much memory
 * it needs: each fixture runs in its own child process (warm-up, then timed runs), so the peak
 * RSS reported is that photo's alone, as in a Lambda that handles one photo after another.
 *
 *   npm run bench:photo                     # 20 timed runs after 3 warm-up runs
 *   npm run bench:photo -- --runs 50 --warmup 5
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { checkPortrait } from '#lib/photo';
import { photoRulesOf } from '#shared/photo-rules';

/** A campaign without a definition: the Puyang 2-inch blue photo. */
const PUYANG = photoRulesOf({});

const FIXTURES = new URL('../fixtures/photos/', import.meta.url);
const CASES = [
  'phone-portrait-blue-gps.jpg',
  'screenshot-blue.png',
  'id-photo-413x579.jpg',
  'phone-portrait-white-gps.jpg',
  'too-small-200x280.jpg',
  'not-an-image.jpg',
];

interface CaseResult {
  name: string;
  inputBytes: number;
  sourceSize: string;
  outcome: string;
  outputBytes: number | null;
  timesMs: number[];
  rssBeforeMb: number;
  peakRssMb: number;
}

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const runs = arg('runs', 20);
const warmup = arg('warmup', 3);

async function runCase(name: string): Promise<CaseResult> {
  const input = readFileSync(new URL(name, FIXTURES));
  const meta = await sharp(input)
    .metadata()
    .catch(() => null);
  let verdict = await checkPortrait(input, PUYANG);
  for (let i = 1; i < warmup; i++) verdict = await checkPortrait(input, PUYANG);
  const rssBeforeMb = process.memoryUsage.rss() / 2 ** 20;
  const timesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh copy each run, as each Lambda invocation gets its own download.
    const upload = Buffer.from(input);
    const started = performance.now();
    await checkPortrait(upload, PUYANG);
    timesMs.push(performance.now() - started);
  }
  return {
    name,
    inputBytes: input.length,
    sourceSize: meta ? `${meta.autoOrient.width}×${meta.autoOrient.height} ${meta.format}` : '—',
    outcome: verdict.ok ? `accepted ${verdict.width}×${verdict.height}` : `refused: ${verdict.code}`,
    outputBytes: verdict.ok ? verdict.jpeg.length : null,
    timesMs,
    rssBeforeMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function runInChild(name: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(
      fileURLToPath(import.meta.url),
      ['--case', name, '--runs', `${runs}`, '--warmup', `${warmup}`],
      {
        execArgv: process.execArgv,
      },
    );
    child.once('message', (result) => resolve(result as CaseResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`benchmark of ${name} exited with ${code}`));
    });
  });
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const mean = sorted.reduce((sum, t) => sum + t, 0) / sorted.length;
  return { mean, median: at(0.5), p95: at(0.95), min: sorted[0] ?? Number.NaN };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => [...(row[c] ?? '')].length))) ?? [];
  const line = (row: string[]) =>
    row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ');
  const [head = [], ...body] = rows;
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
  const only = process.argv.indexOf('--case');
  if (only > 0) {
    const result = await runCase(process.argv[only + 1] ?? '');
    process.send?.(result);
    return;
  }
  console.log(
    `checkPortrait: ${runs} timed runs after ${warmup} warm-up, one child process per photo\n` +
      `node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}, ` +
      `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, sharp concurrency ${sharp.concurrency()}\n`,
  );
  const results: CaseResult[] = [];
  for (const name of CASES) results.push(await runInChild(name));

  const rows = [
    [
      'photo',
      'source',
      'outcome',
      'in KB',
      'out KB',
      'mean ms',
      'median ms',
      'p95 ms',
      'min ms',
      'peak RSS MB',
    ],
    ...results.map((r) => {
      const s = stats(r.timesMs);
      return [
        r.name,
        r.sourceSize,
        r.outcome,
        (r.inputBytes / 1024).toFixed(0),
        r.outputBytes === null ? '—' : (r.outputBytes / 1024).toFixed(1),
        s.mean.toFixed(1),
        s.median.toFixed(1),
        s.p95.toFixed(1),
        s.min.toFixed(1),
        r.peakRssMb.toFixed(0),
      ];
    }),
  ];
  console.log(table(rows));

  const phone = results.find((r) => r.name === 'phone-portrait-blue-gps.jpg');
  if (phone) {
    const s = stats(phone.timesMs);
    console.log(
      `\n3024×4032 phone photo: median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms per photo; ` +
        `peak RSS ${phone.peakRssMb.toFixed(0)} MB (${phone.rssBeforeMb.toFixed(0)} MB after warm-up).`,
    );
  }
  console.log(`Peak RSS of any photo: ${Math.max(...results.map((r) => r.peakRssMb)).toFixed(0)} MB.`);
}

await main();
