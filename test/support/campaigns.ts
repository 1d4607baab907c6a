/**
 * Fresh campaigns for tests that need their own dates, quotas or publicity: created with the
 * same use cases the seed uses, straight against the test stack's DynamoDB Local.
 */
import { ulid } from 'ulid';
import type { Campaign } from '#shared/campaign';
import { campaignFromDefinition } from '#shared/definition/campaign';
import type { Role } from '#shared/roles';
import { accountSpec, exampleCampaign } from '../../infra/local/seed.ts';
import { definitionFile } from './definitions.ts';
import { api, stack } from './stack.ts';

Object.assign(process.env, {
  TABLE_NAME: stack.table,
  AWS_ENDPOINT_URL_DYNAMODB: stack.dynamoEndpoint,
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'cn-north-1',
});
const { createAccount } = await import('#lib/accounts');
const { createCampaign, createUnit } = await import('#lib/campaigns');
const { joinCampaign } = await import('#lib/account-admin');

export interface TestCampaign {
  campaign: Campaign;
  /**
   * Tokens of a unit in 华龙区 (or the campaign's first region), a second unit there, that region's
   * county reviewer, the city office, an auditor.
   */
  tokens: { unit: string; unit2: string; county: string; city: string; auditor: string };
}

/** A new account of `role` in the campaign, logged in: its token, code and id. */
export async function newAccount(
  campaign: Campaign,
  role: Role,
  name: string,
  regionId?: string,
  unitId?: string,
): Promise<{ token: string; code: string; accountId: string }> {
  const { code, account } = await createAccount(
    accountSpec(campaign, role, name, regionId, unitId),
    setupContext(),
  );
  const r = await api('POST', '/api/auth/login', { body: { code } });
  return { token: r.body.token as string, code, accountId: account.accountId };
}

/** A new unit of the campaign in `regionId`, with its account, logged in. */
export async function newUnit(campaign: Campaign, name: string, regionId = 'hualong') {
  const unitId = ulid();
  await createUnit({ unitId, campaignId: campaign.id, regionId, name }, setupContext());
  return { unitId, ...(await newAccount(campaign, 'unit', name, regionId, unitId)) };
}

/** The account takes part in `campaign` too, as `role` (in `regionId`, for a unit or county). */
export async function joinAccount(accountId: string, campaign: Campaign, role: Role, regionId?: string) {
  let unitId: string | undefined;
  if (role === 'unit') {
    unitId = ulid();
    await createUnit(
      { unitId, campaignId: campaign.id, regionId: regionId ?? 'hualong', name: '参加单位' },
      setupContext(),
    );
  }
  await joinCampaign(
    accountId,
    { campaignId: campaign.id, role, ...(regionId ? { regionId } : {}), ...(unitId ? { unitId } : {}) },
    campaign,
    setupContext(),
  );
}

function setupContext() {
  return {
    actor: { accountId: 'test', role: 'system' as const },
    requestId: 'test',
    now: new Date().toISOString(),
  };
}

/** A campaign like the example, with its own id and whatever the test changes. */
export async function newCampaign(change: (c: Campaign) => Campaign = (c) => c): Promise<TestCampaign> {
  // the tests' process dates lie in 2024: the test campaign's notice precedes them
  const campaign = change({
    ...exampleCampaign(new Date()),
    id: ulid(),
    title: '测试评选',
    noticeDate: '2024-01-02',
  });
  return withAccounts(campaign, 'hualong', ['华龙区财政局', '华龙区民政局'], '华龙区财政局（审核）');
}

/**
 * A campaign made from a definition file of campaigns/ the way `npm run bootstrap` makes one,
 * with two units and the reviewer of its first region.
 */
export async function campaignFromFile(
  file: string,
  accounts: { units: [string, string]; county: string },
): Promise<TestCampaign> {
  const campaign = campaignFromDefinition(definitionFile(file), ulid());
  return withAccounts(campaign, campaign.regions[0]?.id as string, accounts.units, accounts.county);
}

/** Store the campaign and log in its accounts: two units and the county reviewer of `regionId`, the city, an auditor. */
async function withAccounts(
  campaign: Campaign,
  regionId: string,
  units: [string, string],
  county: string,
): Promise<TestCampaign> {
  await createCampaign(campaign, setupContext());
  return {
    campaign,
    tokens: {
      unit: (await newUnit(campaign, units[0], regionId)).token,
      unit2: (await newUnit(campaign, units[1], regionId)).token,
      county: (await newAccount(campaign, 'county', county, regionId)).token,
      city: (await newAccount(campaign, 'city', '市评选办')).token,
      auditor: (await newAccount(campaign, 'auditor', '审计')).token,
    },
  };
}
