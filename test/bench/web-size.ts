/**
 * What a phone downloads before the nomination form is usable, gzipped: the scripts and
 * stylesheets index.html references (module entry, stylesheets, modulepreload links) and every
 * chunk those import statically. Lazily loaded chunks (photo tools, read-only view) are listed
 * apart: they arrive after the form works. Budget: under 30 KB (30,000 bytes) gzip.
 *
 * Then, per campaign definition in campaigns/, what the phone loads with its campaign (the campaign
 * record with its definition, as JSON): the forms are built from it, so it varies by notice.
 *
 * Run with `npm run bench:web` (builds first). Exit code 1 when the code is over budget.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { campaignFromDefinition } from '#shared/definition/campaign';
import { parseDefinition } from '#shared/definition/load';

const BUDGET = 30_000;
const dist = resolve(import.meta.dirname, '../../web/dist');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('web/dist/index.html is missing: run `npm run build:web` first');
  process.exit(2);
}

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const firstLoad = new Set<string>();
for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
  const isScript = tag.startsWith('<script');
  const rel = attr(tag, 'rel');
  const url = isScript ? attr(tag, 'src') : attr(tag, 'href');
  if (!url || /^(https?:)?\/\//.test(url)) continue;
  if (isScript ? attr(tag, 'type') === 'module' : rel === 'stylesheet' || rel === 'modulepreload') {
    firstLoad.add(posix.normalize(url.replace(/^\.?\//, '')));
  }
}

/** Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`; not `import()`. */
const STATIC_IMPORT =
  /(?:^|[\s;{}])(?:import|export)\s*(?:[\w$*{}\s,]+\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
const queue = [...firstLoad].filter((f) => f.endsWith('.js'));
while (queue.length) {
  const file = queue.shift() as string;
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(STATIC_IMPORT)) {
    const dep = posix.join(posix.dirname(file), m[1] as string);
    if (!firstLoad.has(dep)) {
      firstLoad.add(dep);
      queue.push(dep);
    }
  }
}

const gz = (file: string) => {
  const raw = readFileSync(join(dist, file));
  return { raw: raw.length, gzip: gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length };
};
const kb = (n: number) => `${(n / 1000).toFixed(2)} KB`;
const row = (file: string, s: { raw: number; gzip: number }) =>
  console.log(`  ${file.padEnd(44)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} gz`);

console.log('Loaded before the form is usable (index.html → entry, CSS, static imports):');
let total = 0;
for (const file of firstLoad) {
  const s = gz(file);
  total += s.gzip;
  row(file, s);
}
console.log(
  `  ${'total'.padEnd(44)} ${''.padStart(10)} ${kb(total).padStart(10)} gz  (budget ${kb(BUDGET)})`,
);

const later = readdirSync(join(dist, 'assets'))
  .map((f) => `assets/${f}`)
  .filter((f) => /\.(js|css)$/.test(f) && !firstLoad.has(f));
if (later.length) {
  console.log('Loaded later, on demand:');
  for (const file of later) row(file, gz(file));
}

console.log('Loaded with the campaign (its record and definition, JSON):');
const campaigns = resolve(import.meta.dirname, '../../campaigns');
for (const file of readdirSync(campaigns).filter((f) => f.endsWith('.yaml'))) {
  const parsed = parseDefinition(readFileSync(join(campaigns, file), 'utf8'), file);
  if (!parsed.ok) continue;
  let json: string;
  try {
    json = JSON.stringify({
      campaign: campaignFromDefinition(parsed.definition, '01HMB7Z4Q1PYCZ2024YKT00001'),
    });
  } catch {
    continue; // a definition today's system cannot run yet
  }
  const raw = Buffer.from(json);
  const s = { raw: raw.length, gzip: gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }).length };
  row(file, s);
  console.log(`  ${`  code + ${file}`.padEnd(44)} ${''.padStart(10)} ${kb(total + s.gzip).padStart(10)} gz`);
}

if (total >= BUDGET) {
  console.error(`over budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}
