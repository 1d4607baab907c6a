/**
 * cdk-nag's AwsSolutions pack, run the way infra/app.ts runs it, on the global and China stacks:
 * no unacknowledged error or warning, and every acknowledgement says why.
 */
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import type { PingxuanFunction } from '../../infra/constructs/function.ts';
import { cleanUp, fakeWebBuild, synth } from './support.ts';

afterAll(cleanUp);

const cases = [
  { name: 'global, with the web app', region: 'ap-northeast-1', props: { webAssets: fakeWebBuild() } },
  { name: 'global, nothing built yet', region: 'us-east-1', props: {} },
  {
    name: 'China with its ICP domain',
    region: 'cn-north-1',
    props: { webAssets: fakeWebBuild(), webDomain: 'pingxuan.example.cn', iamCertificateId: 'ASCAEXAMPLE' },
  },
  { name: 'China without a domain yet', region: 'cn-northwest-1', props: {} },
];

/** Every acknowledgement recorded under `scope`: [path, rule id, reason]. */
function acknowledgements(scope: IConstruct): [string, string, unknown][] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, unknown>).map(([id, reason]) => [c.node.path, id, reason]),
        ),
    ) as [string, string, unknown][];
}

describe('cdk-nag AwsSolutions', () => {
  for (const c of cases) {
    it(`reports no unacknowledged finding: ${c.name}`, () => {
      const { app } = synth(c.region, c.props, { bundle: false });
      const report = new AwsSolutionsChecks(app).validateScope(app);
      const findings = report.violations.map(
        (v) =>
          `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings).toEqual([]);
      expect(report.success).toBe(true);
    });
  }

  it('passes as the plugin infra/app.ts registers, so `cdk synth` succeeds', () => {
    const { app } = synth('cn-north-1', {}, { bundle: false });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  it('gives every acknowledgement a written reason', () => {
    const { app } = synth('ap-northeast-1', { webAssets: fakeWebBuild() }, { bundle: false });
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(10);
    for (const [path, id, reason] of acks) {
      expect(id, path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(typeof reason === 'string' && reason.trim().length >= 20, `${path} ${id}`).toBe(true);
    }
  });

  it('still catches a new wildcard grant on a function', () => {
    const { app, stack } = synth('ap-northeast-1', {}, { bundle: false });
    const health = stack.node.findChild('Handlers').node.findChild('health') as PingxuanFunction;
    health.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-IAM5[Action::dynamodb:*]');
  });
});
