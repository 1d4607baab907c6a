/**
 * `npm run deploy` — one command from a clone to a running deployment: install what is missing
 * (the locked dependencies and the sharp layer, as `npm start` does), build the web app, bootstrap
 * the CDK environment (idempotent) and `cdk deploy` the stack with the context the README lists.
 * Uses the AWS credentials of the shell (AWS_PROFILE, or --profile).
 *
 *   npm run deploy                                  # ap-northeast-1
 *   npm run deploy -- --region cn-north-1 --web-domain pingxuan.example.cn --iam-certificate-id ASCA…
 *   options: --alarm-email a@b.cn  --records-retention-days 365  --table-name <restored table>
 *            --sharp-layer-arn <published layer>  --profile <name>  --yes (no approval prompt)
 *            --skip-bootstrap  --dry-run (print the commands, run nothing)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Tokyo, as infra/stack.ts's DEFAULT_REGION (not imported: that would load aws-cdk-lib for a usage line). */
const DEFAULT_REGION = 'ap-northeast-1';

/** One process to run: `node <args>` from the repository root. */
export interface Step {
  what: string;
  args: string[];
}

/** A refusal of the command line, with what to write instead. */
export class UsageError extends Error {}

const options = {
  region: { type: 'string' },
  'web-domain': { type: 'string' },
  'iam-certificate-id': { type: 'string' },
  'alarm-email': { type: 'string' },
  'records-retention-days': { type: 'string' },
  'table-name': { type: 'string' },
  'sharp-layer-arn': { type: 'string' },
  profile: { type: 'string' },
  yes: { type: 'boolean', default: false },
  'skip-bootstrap': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
} as const;

/** The CDK context (`-c key=value`) a command line stands for, checked; infra/stack.ts reads these keys. */
export function deployContext(argv: readonly string[]): Record<string, string> {
  const { values } = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true });
  const region = values.region ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) throw new UsageError(`not an AWS region: ${region}`);
  const china = region.startsWith('cn-');
  const domain = values['web-domain'];
  const certificate = values['iam-certificate-id'];
  if (Boolean(domain) !== Boolean(certificate)) {
    throw new UsageError(
      '--web-domain and --iam-certificate-id go together (CloudFront in China serves them)',
    );
  }
  if (domain && !china) {
    throw new UsageError(
      '--web-domain is for AWS China (cn-north-1, cn-northwest-1): elsewhere CloudFront gives the domain',
    );
  }
  const days = values['records-retention-days'];
  if (days !== undefined && !/^\d+$/.test(days)) {
    throw new UsageError(`--records-retention-days takes a whole number of days, not ${days}`);
  }
  const email = values['alarm-email'];
  if (email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new UsageError(`--alarm-email is not an e-mail address: ${email}`);
  }
  const table = values['table-name'];
  if (table !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new UsageError(`--table-name is not a DynamoDB table name: ${table}`);
  }
  const context: Record<string, string | undefined> = {
    region,
    webDomain: domain,
    iamCertificateId: certificate,
    alarmEmail: email,
    recordsRetentionDays: days,
    tableName: table,
    sharpLayerArn: values['sharp-layer-arn'],
  };
  return Object.fromEntries(Object.entries(context).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The processes `npm run deploy -- <argv>` runs, in order (all `node …` from the repository root). */
export function deploySteps(argv: readonly string[]): Step[] {
  const { values } = parseArgs({ args: [...argv], options, strict: true });
  const wanted = deployContext(argv);
  const context = Object.entries(wanted).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const profile = values.profile ? ['--profile', values.profile] : [];
  const cdk = 'node_modules/aws-cdk/bin/cdk';
  const steps: Step[] = [
    { what: '依赖与 sharp 层', args: ['infra/local/bootstrap.mjs', 'install'] },
    {
      what: '构建网页应用',
      args: [
        'node_modules/vite/bin/vite.js',
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
    },
  ];
  if (!values['skip-bootstrap']) {
    steps.push({
      what: 'CDK 引导（每个账号和区域一次，已完成则无变化）',
      args: [cdk, 'bootstrap', ...context, ...profile],
    });
  }
  steps.push({
    what: '部署',
    args: [
      cdk,
      'deploy',
      'Pingxuan',
      ...context,
      ...profile,
      '--require-approval',
      values.yes ? 'never' : 'broadening',
      '--outputs-file',
      `cdk.out/outputs-${wanted.region}.json`,
    ],
  });
  return steps;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  let steps: Step[];
  try {
    steps = deploySteps(argv);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n\n${usage()}`);
    process.exit(2);
  }
  const dry = argv.includes('--dry-run');
  for (const step of steps) {
    console.log(`\n▶ ${step.what}: node ${step.args.join(' ')}`);
    if (!dry) execFileSync(process.execPath, step.args, { cwd: ROOT, stdio: 'inherit' });
  }
}

function usage(): string {
  return [
    'usage: npm run deploy -- [--region ap-northeast-1|cn-north-1|…] [--web-domain <ICP domain> --iam-certificate-id <id>]',
    '       [--alarm-email <address>] [--records-retention-days N] [--table-name <table>] [--sharp-layer-arn <arn>]',
    '       [--profile <aws profile>] [--yes] [--skip-bootstrap] [--dry-run]',
  ].join('\n');
}
