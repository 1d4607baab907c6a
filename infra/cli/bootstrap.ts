/**
 * `npm run bootstrap` — on a fresh deployment, create a campaign and the first city-office
 * account, and print its access code (shown once). Everything else the city office does in the
 * app. Run with the deploy credentials:
 *
 *   TABLE_NAME=<stack output TableName> AWS_REGION=cn-north-1 npm run bootstrap -- --campaign campaigns/<notice>.yaml
 *   npm run bootstrap -- --example            (the Puyang example campaign)
 *   add --local to write to the running local stack instead
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ulid } from 'ulid';
import { createAccount } from '#lib/accounts';
import { createCampaign } from '#lib/campaigns';
import { campaignFromDefinition } from '#shared/definition/campaign';
import { errorText, parseDefinition } from '#shared/definition/load';
import { LOCAL_CREDENTIALS } from '../local/emulators.ts';
import { exampleCampaign } from '../local/seed.ts';

const { values } = parseArgs({
  options: {
    campaign: { type: 'string' },
    example: { type: 'boolean', default: false },
    local: { type: 'boolean', default: false },
    name: { type: 'string', default: '市评选工作领导小组办公室' },
  },
});
if (!values.campaign && !values.example) {
  console.error(
    'usage: npm run bootstrap -- --campaign <definition.yaml> | --example  [--local] [--name <office name>]',
  );
  process.exit(2);
}
if (values.local) {
  Object.assign(process.env, {
    ...LOCAL_CREDENTIALS,
    AWS_ENDPOINT_URL_DYNAMODB:
      process.env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? 8000}`,
    TABLE_NAME: process.env.TABLE_NAME ?? 'pingxuan',
  });
}

/** The campaign a definition file (campaigns/*.yaml) describes; a broken file stops here with every error. */
function campaignFromFile(file: string) {
  const result = parseDefinition(readFileSync(file, 'utf8'), file);
  if (!result.ok) {
    console.error(result.errors.map(errorText).join('\n'));
    process.exit(1);
  }
  return campaignFromDefinition(result.definition, ulid());
}

const campaign = values.example
  ? { ...exampleCampaign(new Date()), id: ulid() }
  : campaignFromFile(values.campaign as string);
const ctx = {
  actor: { accountId: 'bootstrap', role: 'system' as const },
  requestId: 'bootstrap',
  now: new Date().toISOString(),
};
try {
  await createCampaign(campaign, ctx);
  const { code } = await createAccount(
    { role: 'city', campaignId: campaign.id, name: values.name as string, expiresAt: campaign.endsAt },
    ctx,
  );
  console.log(`评选活动已创建: ${campaign.title} (${campaign.id})`);
  console.log(`市评选办登录码（只显示这一次，请妥善保管）: ${code}`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
