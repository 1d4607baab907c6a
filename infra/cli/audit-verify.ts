/**
 * `npm run audit:verify` — verify a campaign's whole history with the code the API's verification
 * job runs (functions/lib/audit-verify.ts): every chain, every record against its history, the
 * quota counters, the photos and the newest anchor in the records bucket. Exit code 0 when the
 * history is intact, 1 when anything is broken, 2 when it cannot run (what it needs is printed).
 *
 *   against the running local stack:  npm run audit:verify -- --local   (DYNAMODB_PORT, S3_PORT as for npm start)
 *   against a deployment:             TABLE_NAME=… RECORDS_BUCKET=… AWS_REGION=… npm run audit:verify -- --campaign <id>
 *   machine-readable:                 add --json
 */
import { parseArgs } from 'node:util';
import { fieldLabel } from '#shared/audit';
import { LOCAL_NAMES, localDataEnvironment, localPorts } from '../local/config.ts';

const USAGE = `用法:
  npm run audit:verify -- --local                  校验本机运行中的嵌入式环境（npm start；端口取 DYNAMODB_PORT、S3_PORT）
  TABLE_NAME=… RECORDS_BUCKET=… AWS_REGION=… npm run audit:verify -- --campaign <评选活动 ID>
                                                   校验云上部署（凭证取自 AWS 默认凭证链）
  可加 --json 输出机器可读的结果；--campaign 缺省为示例评选活动。`;

/** Stop with exit code 2 and say, in plain words, what is missing. */
function cannotRun(problem: string): never {
  console.error(`无法校验：${problem}\n\n${USAGE}`);
  process.exit(2);
}

let values: { campaign?: string; local?: boolean; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      campaign: { type: 'string' },
      local: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  cannotRun(`参数有误（${(e as Error).message}）`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

if (values.local) {
  const ports = localPorts();
  Object.assign(
    process.env,
    localDataEnvironment({
      dynamo: `http://127.0.0.1:${ports.dynamo}`,
      s3: `http://127.0.0.1:${ports.s3}`,
    }),
  );
} else {
  const missing = ['TABLE_NAME', 'RECORDS_BUCKET', 'AWS_REGION'].filter((v) => !process.env[v]);
  if (missing.length)
    cannotRun(
      `未设置环境变量 ${missing.join('、')}（记录表名 TABLE_NAME、记录存储桶 RECORDS_BUCKET、区域 AWS_REGION）；` +
        '校验本机环境请加 --local。',
    );
}

const { EXAMPLE_CAMPAIGN_ID } = await import('../local/seed.ts');
const campaignId = values.campaign ?? EXAMPLE_CAMPAIGN_ID;
const { verifyCampaignAudit } = await import('#lib/audit-verify');
let report: Awaited<ReturnType<typeof verifyCampaignAudit>>;
try {
  report = await verifyCampaignAudit(campaignId, new Date(), {
    onProgress: values.json
      ? undefined
      : ({ done, total }) => {
          process.stderr.write(`\r已核对 ${done} / ${total}`);
        },
  });
  if (!values.json) process.stderr.write('\n');
} catch (e) {
  const err = e as Error & { code?: string };
  const where = values.local
    ? `本机嵌入式环境（DynamoDB 127.0.0.1:${localPorts().dynamo}，S3 127.0.0.1:${localPorts().s3}，表 ${LOCAL_NAMES.table}，存储桶 ${LOCAL_NAMES.records}）是否已用 npm start 启动`
    : 'TABLE_NAME、RECORDS_BUCKET、AWS_REGION 与凭证是否正确';
  cannotRun(`读取记录失败（${err.name}: ${err.message}）。请检查${where}。`);
}

if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`审计链校验 ${report.campaignId}: ${report.chains} 条链，${report.events} 条记录`);
  console.log(
    `已核对: 业务记录 ${report.checked.records} 条，名额计数 ${report.checked.quotas} 个，照片文件 ${report.checked.photos} 个` +
      (report.checked.unsealed
        ? `（${report.checked.unsealed} 条记录早于状态封存，自其下次变更起核对）`
        : ''),
  );
  console.log(`链头哈希: ${report.headHash}`);
  if (report.anchor) console.log(`已与锚点核对: ${report.anchor.at} (${report.anchor.key})`);
  if (report.ok) console.log('结果: 完整，未发现篡改');
  for (const b of report.breaks)
    console.log(
      `断点: ${b.chain} 第 ${b.seq} 条 [${b.problem}]${b.fields ? ` ${b.fields.map(fieldLabel).join('、')}` : ''} ${b.message}`,
    );
}
process.exit(report.ok ? 0 : 1);
