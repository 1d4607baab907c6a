/**
 * One runtime: the tests run on the Node major that package.json installs (the npm package
 * `node`), the `node` that npm scripts, npx and cdk.json's app command find on PATH is that Node,
 * and every Lambda function of the stack runs the same major.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNTIME } from '../../infra/constructs/function.ts';
import { cleanUp, props, resourcesOf, synth } from './support.ts';

afterAll(cleanUp);

const major = (version: string) => version.replace(/^v/, '').split('.')[0];
const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  .devDependencies.node as string;

describe('one runtime', () => {
  it('runs the tests on the Node that package.json pins: 24', () => {
    expect(major(pinned)).toBe('24');
    expect(major(process.versions.node)).toBe('24');
    expect(process.versions.node).toBe(pinned);
  });

  it('finds the same Node as `node` on PATH, as npm scripts and child processes do', () => {
    const child = execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(child).toBe(process.versions.node);
  });

  it('deploys every Lambda function on the same major', () => {
    expect(RUNTIME.name).toBe(`nodejs${major(process.versions.node)}.x`);
    const { template } = synth('ap-northeast-1', {}, { bundle: false });
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    // ours are the arm64 ones; CDK's own helpers (bucket deployment, notifications) are not
    const ours = functions.filter((fn) => JSON.stringify(props(fn).Architectures) === '["arm64"]');
    expect(ours.length).toBeGreaterThan(20);
    for (const fn of ours) expect(props(fn).Runtime).toBe(RUNTIME.name);
  });
});
