import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PingxuanFunction } from '../../infra/constructs/function.ts';
import { PingxuanStack } from '../../infra/stack.ts';

const ctx = JSON.parse(readFileSync('cdk.json', 'utf8')).context;
const app = new App({ context: { ...ctx, 'aws:cdk:bundling-stacks': [] }, outdir: '/tmp/dbg-out-x' });
const s = new PingxuanStack(app, 'P', { env: { region: 'ap-northeast-1' } });
const fn = s.node.findChild('Handlers').node.findChild('health') as PingxuanFunction;
fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
try {
  const asm = app.synth();
  console.log('no throw', asm.directory);
} catch (e) {
  console.log('threw', String(e).slice(0, 500));
}
console.log('exitCode', process.exitCode);
