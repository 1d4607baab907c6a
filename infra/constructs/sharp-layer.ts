/**
 * sharp for the upload processors, as a Lambda layer. `npm start`, `npm test` and `npm run deploy`
 * build it during install (infra/local/bootstrap.mjs: the registry's prebuilt linux-arm64 packages
 * of the sharp version package.json pins) into .build/sharp-layer; synth packs that folder as the
 * layer's asset. A layer ARN (context `sharpLayerArn`) overrides it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Architecture, Code, type ILayerVersion, LayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { RUNTIME } from './function.ts';

/** Where bootstrap.mjs builds the layer (git-ignored): nodejs/node_modules/{sharp,@img/…}. */
export const SHARP_LAYER_DIR = fileURLToPath(new URL('../../.build/sharp-layer', import.meta.url));

const pinned = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    dependencies: Record<string, string>;
  }
).dependencies.sharp;

/** Why `dir` is not a usable sharp layer for linux-arm64, or undefined when it is. */
export function sharpLayerProblem(dir: string): string | undefined {
  const modules = join(dir, 'nodejs', 'node_modules');
  const manifest = join(modules, 'sharp', 'package.json');
  if (!existsSync(manifest)) return `${manifest} is missing`;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  if (version !== pinned) return `it holds sharp ${version}, package.json pins ${pinned}`;
  const lib = join(modules, '@img', 'sharp-linux-arm64', 'lib');
  if (!existsSync(lib) || !readdirSync(lib).some((f) => f.endsWith('.node'))) {
    return `${lib} has no linux-arm64 binary`;
  }
  if (!existsSync(join(modules, '@img', 'sharp-libvips-linux-arm64')))
    return 'libvips for linux-arm64 is missing';
  return undefined;
}

/** The layer: the built folder as an asset, or the given ARN. Throws, saying how to build it, when missing. */
export function sharpLayer(
  scope: Construct,
  id: string,
  source: { dir: string; arn?: undefined } | { arn: string },
): ILayerVersion {
  if (source.arn) return LayerVersion.fromLayerVersionArn(scope, id, source.arn);
  const { dir } = source as { dir: string };
  const problem = sharpLayerProblem(dir);
  if (problem) {
    throw new Error(
      `The sharp layer for Lambda (linux-arm64) at ${dir} is not usable: ${problem}. ` +
        'Build it with `node infra/local/bootstrap.mjs install` (npm start, npm test and npm run deploy do it), ' +
        'or pass a published layer with -c sharpLayerArn=…',
    );
  }
  return new LayerVersion(scope, id, {
    code: Code.fromAsset(dir),
    compatibleRuntimes: [RUNTIME],
    compatibleArchitectures: [Architecture.ARM_64],
    description: `sharp ${pinned} for linux-arm64 (the registry's prebuilt @img packages)`,
  });
}
