/**
 * `npm run audit:verify` — recompute every audit chain of a campaign and report the first broken
 * link of each. Exit code 0 when the history is intact, 1 when anything is broken.
 *
 *   against the running local stack:  npm run audit:verify -- --local
 *   against a deployment:             TABLE_NAME=… RECORDS_BUCKET=… AWS_REGION=… npm run audit:verify -- --campaign <id>
 *   machine-readable:                 add --json
 */
import { parseArgs } from 'node:util';
import { verifyCampaignAudit } from '#lib/audit';
import { LOCAL_CREDENTIALS } from '../local/emulators.ts';
import { EXAMPLE_CAMPAIGN_ID } from '../local/seed.ts';

const { values } = parseArgs({
  options: {
    campaign: { type: 'string', default: EXAMPLE_CAMPAIGN_ID },
    local: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

if (values.local) {
  Object.assign(process.env, {
    ...LOCAL_CREDENTIALS,
    AWS_ENDPOINT_URL_DYNAMODB:
      process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`,
    TABLE_NAME: process.env.TABLE_NAME ?? 'pingxuan',
  });
}

const report = await verifyCampaignAudit(values.campaign as string);
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`审计链校验 ${report.campaignId}: ${report.chains} 条链，${report.events} 条记录`);
  console.log(`链头哈希: ${report.headHash}`);
  if (report.ok) console.log('结果: 完整，未发现篡改');
  if (report.anchor) console.log(`已与锚点核对: ${report.anchor.at} (${report.anchor.key})`);
  for (const b of report.breaks) console.log(`断点: ${b.chain} 第 ${b.seq} 条 [${b.problem}] ${b.message}`);
}
process.exit(report.ok ? 0 : 1);
