/**
 * Synthesizes the stack the way `cdk synth` does (the feature flags of cdk.json) into folders
 * under the system temp dir, and removes them afterwards.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PingxuanStack, type PingxuanStackProps } from '../../infra/stack.ts';

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

const folders: string[] = [];

/** A fresh folder under the system temp dir, removed by `cleanUp()`. */
export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** A stand-in for web/dist, so tests do not depend on whether the web app was built. */
export function fakeWebBuild(): string {
  const folder = tempFolder('pingxuan-web-');
  mkdirSync(join(folder, 'assets'));
  writeFileSync(
    join(folder, 'index.html'),
    '<!doctype html><title>评选</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(folder, 'assets', 'app.js'), 'console.log(1);');
  return folder;
}

export interface Synth {
  app: App;
  stack: PingxuanStack;
  template: Template;
  /** The cloud assembly folder. */
  outdir: string;
}

/**
 * A Pingxuan stack in `region`. `bundle: false` skips esbuild (the construct tree and template
 * are the same, the code assets are placeholders), for tests that do not look at the code.
 */
export function synth(
  region: string,
  props: Omit<PingxuanStackProps, 'env'> = {},
  options: { bundle?: boolean; context?: Record<string, unknown> } = {},
): Synth {
  const outdir = tempFolder('pingxuan-cdk.out-');
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      ...options.context,
    },
  });
  const stack = new PingxuanStack(app, 'Pingxuan', { env: { region }, ...props });
  let template: Template | undefined;
  return {
    app,
    stack,
    outdir,
    // Synthesized on first use: the cdk-nag checks only need the construct tree.
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

export function cleanUp(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

type Json = Record<string, unknown>;

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Json> {
  return template.findResources(type) as Record<string, Json>;
}

export function props(resource: Json): Json {
  return (resource.Properties ?? {}) as Json;
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, or undefined. */
export function refTarget(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const o = value as Json;
  if (typeof o.Ref === 'string') return o.Ref;
  if (Array.isArray(o['Fn::GetAtt'])) return o['Fn::GetAtt'][0] as string;
  return undefined;
}

/** The policy statements attached (inline policies and AWS::IAM::Policy) to a role. */
export function statementsOfRole(template: Template, roleId: string): Json[] {
  const statements: Json[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const roles = (props(policy).Roles ?? []) as unknown[];
    if (roles.some((r) => refTarget(r) === roleId)) {
      statements.push(...((props(policy).PolicyDocument as Json).Statement as Json[]));
    }
  }
  return statements;
}

export function actionsOf(statement: Json): string[] {
  return [statement.Action].flat() as string[];
}

export function resourcesOfStatement(statement: Json): unknown[] {
  return [statement.Resource].flat();
}
