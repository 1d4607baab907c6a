/**
 * The operator's commands, without AWS: `npm run deploy`'s command line → CDK context and the
 * processes it runs, and `npm run restore:cloud`'s command line → the DynamoDB requests it sends
 * (recorded by a stand-in client) and the deploy that re-points the stack.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { deployContext, deploySteps } from '../../infra/cli/deploy.ts';
import { restorePlan, restoreRequests, restoreTable } from '../../infra/cli/restore-cloud.ts';
import { propsFromContext } from '../../infra/stack.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run deploy', () => {
  it('deploys to the global default region with nothing but the region as context', () => {
    expect(deployContext([])).toEqual({ region: 'ap-northeast-1' });
    const steps = deploySteps([]).map((s) => s.args);
    expect(steps).toEqual([
      ['infra/local/bootstrap.mjs', 'install'],
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      ['node_modules/aws-cdk/bin/cdk', 'bootstrap', '-c', 'region=ap-northeast-1'],
      [
        'node_modules/aws-cdk/bin/cdk',
        'deploy',
        'Pingxuan',
        '-c',
        'region=ap-northeast-1',
        '--require-approval',
        'broadening',
        '--outputs-file',
        'cdk.out/outputs-ap-northeast-1.json',
      ],
    ]);
  });

  it('maps every option of the China deployment to the context keys the stack reads', () => {
    const argv = [
      '--region',
      'cn-north-1',
      '--web-domain',
      'pingxuan.example.cn',
      '--iam-certificate-id',
      'ASCAEXAMPLE',
      '--alarm-email',
      'ops@example.cn',
      '--records-retention-days',
      '365',
      '--table-name',
      'pingxuan-restored-20270110',
      '--profile',
      'puyang',
      '--yes',
      '--skip-bootstrap',
    ];
    const context = deployContext(argv);
    expect(context).toEqual({
      region: 'cn-north-1',
      webDomain: 'pingxuan.example.cn',
      iamCertificateId: 'ASCAEXAMPLE',
      alarmEmail: 'ops@example.cn',
      recordsRetentionDays: '365',
      tableName: 'pingxuan-restored-20270110',
    });
    const deploy = deploySteps(argv).at(-1)?.args ?? [];
    expect(deploySteps(argv).map((s) => s.args[1])).toEqual(['install', 'build', 'deploy']);
    expect(deploy).toEqual(
      expect.arrayContaining([
        '--profile',
        'puyang',
        '--require-approval',
        'never',
        '-c',
        'region=cn-north-1',
      ]),
    );
    // the stack reads back exactly what the command line said
    const app = new App({ context });
    expect(propsFromContext(app)).toMatchObject({
      env: { region: 'cn-north-1' },
      webDomain: 'pingxuan.example.cn',
      iamCertificateId: 'ASCAEXAMPLE',
      recordsRetentionDays: 365,
      tableName: 'pingxuan-restored-20270110',
    });
  });

  it('refuses what the stack would refuse, before installing or building anything', () => {
    expect(() => deployContext(['--web-domain', 'a.example.cn'])).toThrow(/go together/);
    expect(() => deployContext(['--web-domain', 'a.example.com', '--iam-certificate-id', 'X'])).toThrow(
      /AWS China/,
    );
    expect(() => deployContext(['--records-retention-days', '1.5'])).toThrow(/whole number/);
    expect(() => deployContext(['--alarm-email', 'ops'])).toThrow(/e-mail/);
    expect(() => deployContext(['--region', 'tokyo'])).toThrow(/region/);
    expect(() => deployContext(['--regoin', 'cn-north-1'])).toThrow(/regoin/);
  });

  it('prints its plan with --dry-run and runs nothing', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'infra/cli/deploy.ts', '--dry-run', '--region', 'cn-north-1'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(out).toContain('node node_modules/aws-cdk/bin/cdk deploy Pingxuan -c region=cn-north-1');
  });
});

describe('npm run restore:cloud', () => {
  const now = new Date('2027-01-10T12:00:00Z');

  it('restores into a new table named after the time and re-points the stack with --table-name', () => {
    const plan = restorePlan(
      [
        '--source-table',
        'Pingxuan-DataTable-1',
        '--to-time',
        '2027-01-10T08:00:00+08:00',
        '--region',
        'cn-north-1',
        '--redeploy',
        '--web-domain',
        'pingxuan.example.cn',
        '--iam-certificate-id',
        'ASCA',
      ],
      now,
    );
    expect(plan).toMatchObject({
      sourceTable: 'Pingxuan-DataTable-1',
      newTable: 'Pingxuan-DataTable-1-restored-20270110-000000',
      toTime: new Date('2027-01-10T00:00:00Z'),
      redeploy: true,
    });
    expect(deployContext(plan.deployArgs)).toMatchObject({
      region: 'cn-north-1',
      webDomain: 'pingxuan.example.cn',
      tableName: 'Pingxuan-DataTable-1-restored-20270110-000000',
    });
    const { restore, after } = restoreRequests(plan);
    expect(restore.input).toEqual({
      SourceTableName: 'Pingxuan-DataTable-1',
      TargetTableName: 'Pingxuan-DataTable-1-restored-20270110-000000',
      RestoreDateTime: new Date('2027-01-10T00:00:00Z'),
      BillingModeOverride: 'PAY_PER_REQUEST',
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS' },
    });
    expect(after.map((c) => c.constructor.name)).toEqual([
      'UpdateContinuousBackupsCommand',
      'UpdateTimeToLiveCommand',
      'UpdateTableCommand',
    ]);
  });

  it('refuses a time without an offset, in the future, or missing; and a new table equal to the source', () => {
    const base = ['--source-table', 'table-1', '--region', 'ap-northeast-1'];
    expect(() => restorePlan([...base, '--to-time', '2027-01-10T08:00:00'], now)).toThrow(/offset/);
    expect(() => restorePlan([...base, '--to-time', '2027-02-01T00:00:00Z'], now)).toThrow(/future/);
    expect(() => restorePlan(base, now)).toThrow(/--to-time|--latest/);
    expect(() => restorePlan([...base, '--latest', '--new-table', 'table-1'], now)).toThrow(/differ/);
    expect(() => restorePlan([...base, '--latest', '--redeploy', '--alarm-email', 'x'], now)).toThrow(
      /e-mail/,
    );
    expect(restorePlan([...base, '--latest'], now).toTime).toBeUndefined();
  });

  it('checks the restorable window, restores, waits for ACTIVE, then turns PITR, TTL and deletion protection on', async () => {
    const plan = restorePlan(
      [
        '--source-table',
        'table-1',
        '--to-time',
        '2027-01-10T00:00:00Z',
        '--new-table',
        'table-2',
        '--region',
        'us-east-1',
      ],
      now,
    );
    const sent: string[] = [];
    let describes = 0;
    const client = {
      async send(command: object) {
        const name = command.constructor.name;
        sent.push(name);
        if (name === 'DescribeContinuousBackupsCommand') {
          return {
            ContinuousBackupsDescription: {
              PointInTimeRecoveryDescription: {
                PointInTimeRecoveryStatus: 'ENABLED',
                EarliestRestorableDateTime: new Date('2026-12-01T00:00:00Z'),
                LatestRestorableDateTime: new Date('2027-01-10T11:55:00Z'),
              },
            },
          };
        }
        if (name === 'DescribeTableCommand') {
          describes += 1;
          return { Table: { TableStatus: describes < 3 ? 'CREATING' : 'ACTIVE' } };
        }
        return {};
      },
    };
    const lines: string[] = [];
    await restoreTable(plan, client, { pollMs: 1, log: (l) => lines.push(l) });
    expect(sent).toEqual([
      'DescribeContinuousBackupsCommand',
      'RestoreTableToPointInTimeCommand',
      'DescribeTableCommand',
      'DescribeTableCommand',
      'DescribeTableCommand',
      'UpdateContinuousBackupsCommand',
      'UpdateTimeToLiveCommand',
      'UpdateTableCommand',
    ]);
    expect(lines.at(-1)).toContain('table-2');

    const outside = restorePlan(
      ['--source-table', 'table-1', '--to-time', '2026-11-01T00:00:00Z', '--region', 'us-east-1'],
      now,
    );
    sent.length = 0;
    await expect(restoreTable(outside, client, { log: () => {} })).rejects.toThrow(/restorable window/);
    expect(sent).toEqual(['DescribeContinuousBackupsCommand']);
  });
});
