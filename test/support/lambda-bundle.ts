/**
 * A module bundled the way the stack bundles a function (esbuild, ESM, minified, sharp external,
 * BUNDLE_ALIASES applied), then imported: for tests that must run what Lambda runs, not the source.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_ALIASES } from '../../infra/constructs/function.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Bundle one entry file as the stack does, for Node's major that runs this, into `outfile`. */
export async function bundleLikeLambda(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    minify: true,
    mainFields: ['module', 'main'],
    // CommonJS dependencies inside an ESM bundle still call require().
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    external: ['sharp'],
    alias: BUNDLE_ALIASES,
    logLevel: 'error',
  });
}

/** Bundle `entry` (a path from the repository root) and import it; returns the module and the bundle's text. */
export async function importBundled<T>(entry: string): Promise<{ module: T; code: string }> {
  // Inside the project, so that the layer-provided package (sharp) resolves from node_modules.
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.pingxuan-test-bundle-'));
  const file = join(dir, 'index.mjs');
  await bundleLikeLambda(join(ROOT, entry), file);
  try {
    return { module: (await import(pathToFileURL(file).href)) as T, code: readFileSync(file, 'latin1') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
