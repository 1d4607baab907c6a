/**
 * `npm run restore:cloud` — bring the deployment's table back to a point in time: DynamoDB
 * restores it (PITR) into a NEW table, we wait for it, give it back what a restore does not carry
 * (point-in-time recovery, TTL on expiresAt, deletion protection), and re-point the stack at it
 * with `npm run deploy -- --table-name <new>` (the stack's own table is retained, untouched, for
 * comparison or a later switch back). Uses the shell's AWS credentials.
 *
 *   npm run restore:cloud -- --source-table <TableName output> --to-time 2027-01-10T08:00:00+08:00 \
 *     [--new-table pingxuan-restored-20270110] [--region cn-north-1] [--redeploy [deploy options…]] [--dry-run]
 *
 * Without --redeploy it prints the deploy command to run. Every later deploy must keep passing
 * --table-name, or the stack goes back to its own (old) table.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  DynamoDBClient,
  RestoreTableToPointInTimeCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { deployContext, UsageError } from './deploy.ts';

/** What a restore does, decided from the command line alone (no AWS call). */
export interface RestorePlan {
  region: string;
  sourceTable: string;
  newTable: string;
  /** Undefined: the latest restorable time. */
  toTime?: Date;
  /** Arguments of `npm run deploy --` that re-point the stack. */
  deployArgs: string[];
  redeploy: boolean;
  dryRun: boolean;
}

/** Parse and check the command line; the deploy options after --redeploy are checked as deploy checks them. */
export function restorePlan(argv: readonly string[], now = new Date()): RestorePlan {
  const at = argv.indexOf('--redeploy');
  const own = at < 0 ? argv : argv.slice(0, at);
  const extra = at < 0 ? [] : argv.slice(at + 1);
  const { values } = parseArgs({
    args: [...own],
    strict: true,
    options: {
      'source-table': { type: 'string' },
      'to-time': { type: 'string' },
      latest: { type: 'boolean', default: false },
      'new-table': { type: 'string' },
      region: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const sourceTable = values['source-table'] ?? process.env.TABLE_NAME;
  if (!sourceTable) throw new UsageError('--source-table (the stack output TableName) is required');
  if (!values['to-time'] && !values.latest) {
    throw new UsageError('say when: --to-time <ISO 8601 time with its offset> or --latest');
  }
  let toTime: Date | undefined;
  if (values['to-time']) {
    const text = values['to-time'];
    // A time without an offset would be read in this machine's zone: refuse the guess.
    if (!/(Z|[+-]\d\d:\d\d)$/.test(text) || Number.isNaN(Date.parse(text))) {
      throw new UsageError(
        `--to-time needs an ISO 8601 time with its offset (2027-01-10T08:00:00+08:00): ${text}`,
      );
    }
    toTime = new Date(text);
    if (toTime.getTime() > now.getTime()) throw new UsageError(`--to-time is in the future: ${text}`);
  }
  const stamp = (toTime ?? now).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const newTable = values['new-table'] ?? `${sourceTable}-restored-${stamp}`;
  if (newTable === sourceTable) throw new UsageError('--new-table must differ from the source table');
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new UsageError('--region (or AWS_REGION) is required');
  const deployArgs = ['--region', region, ...extra, '--table-name', newTable];
  deployContext(deployArgs); // the same checks as npm run deploy, before anything is restored
  return {
    region,
    sourceTable,
    newTable,
    toTime,
    deployArgs,
    redeploy: at >= 0,
    dryRun: values['dry-run'],
  };
}

/** The DynamoDB requests of a restore, in order (the waits between them are not requests of their own). */
export function restoreRequests(plan: RestorePlan) {
  return {
    restore: new RestoreTableToPointInTimeCommand({
      SourceTableName: plan.sourceTable,
      TargetTableName: plan.newTable,
      ...(plan.toTime ? { RestoreDateTime: plan.toTime } : { UseLatestRestorableTime: true }),
      BillingModeOverride: 'PAY_PER_REQUEST',
      // the AWS-managed key, as infra/constructs/data.ts sets it
      SSESpecificationOverride: { Enabled: true, SSEType: 'KMS' },
    }),
    after: [
      new UpdateContinuousBackupsCommand({
        TableName: plan.newTable,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      }),
      new UpdateTimeToLiveCommand({
        TableName: plan.newTable,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
      new UpdateTableCommand({ TableName: plan.newTable, DeletionProtectionEnabled: true }),
    ],
  };
}

/** The part of DynamoDBClient a restore uses (a test passes a recorder). */
export interface Sender {
  send(command: object): Promise<unknown>;
}

/** Run a restore: check the window, restore, wait until the new table is ACTIVE, set it up. */
export async function restoreTable(
  plan: RestorePlan,
  client: Sender,
  opts: { log?: (line: string) => void; pollMs?: number } = {},
): Promise<void> {
  const log = opts.log ?? console.log;
  const backups = (await client.send(
    new DescribeContinuousBackupsCommand({ TableName: plan.sourceTable }),
  )) as {
    ContinuousBackupsDescription?: {
      PointInTimeRecoveryDescription?: {
        PointInTimeRecoveryStatus?: string;
        EarliestRestorableDateTime?: Date;
        LatestRestorableDateTime?: Date;
      };
    };
  };
  const pitr = backups.ContinuousBackupsDescription?.PointInTimeRecoveryDescription;
  if (pitr?.PointInTimeRecoveryStatus !== 'ENABLED') {
    throw new Error(
      `表 ${plan.sourceTable} 未开启时间点恢复 / point-in-time recovery is off on ${plan.sourceTable}`,
    );
  }
  const [earliest, latest] = [pitr.EarliestRestorableDateTime, pitr.LatestRestorableDateTime];
  if (plan.toTime && earliest && latest && (plan.toTime < earliest || plan.toTime > latest)) {
    throw new Error(
      `可恢复的时间范围是 ${earliest.toISOString()} 至 ${latest.toISOString()} / ` +
        `${plan.toTime.toISOString()} is outside the restorable window`,
    );
  }
  const requests = restoreRequests(plan);
  log(`恢复 ${plan.sourceTable} → ${plan.newTable}（${plan.toTime?.toISOString() ?? '最近可恢复时间'}）…`);
  await client.send(requests.restore);
  for (;;) {
    const { Table } = (await client.send(new DescribeTableCommand({ TableName: plan.newTable }))) as {
      Table?: { TableStatus?: string; ItemCount?: number };
    };
    if (Table?.TableStatus === 'ACTIVE') break;
    log(`  ${new Date().toISOString()} ${Table?.TableStatus ?? '…'}`);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 30_000));
  }
  for (const request of requests.after) await client.send(request);
  log(`新表 ${plan.newTable} 已可用：已开启时间点恢复、TTL（expiresAt）和删除保护。`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let plan: RestorePlan;
  try {
    plan = restorePlan(process.argv.slice(2));
  } catch (e) {
    console.error(
      `${e instanceof Error ? e.message : e}\n\nusage: npm run restore:cloud -- --source-table <table> ` +
        '(--to-time <ISO time with offset> | --latest) [--new-table <name>] [--region <region>] ' +
        '[--dry-run] [--redeploy [npm run deploy options…]]',
    );
    process.exit(2);
  }
  const deploy = `npm run deploy -- ${plan.deployArgs.join(' ')}`;
  if (plan.dryRun) {
    const { restore, after } = restoreRequests(plan);
    for (const c of [restore, ...after]) console.log(c.constructor.name, JSON.stringify(c.input));
    console.log(deploy);
    process.exit(0);
  }
  const client = new DynamoDBClient({ region: plan.region });
  await restoreTable(plan, client);
  if (plan.redeploy) {
    execFileSync(process.execPath, ['--import', 'tsx', 'infra/cli/deploy.ts', ...plan.deployArgs], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      stdio: 'inherit',
    });
  } else {
    console.log(`重新指向新表 / re-point the stack:\n  ${deploy}`);
  }
}
