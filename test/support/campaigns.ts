/**
 * Fresh campaigns for tests that need their own dates, quotas or publicity: created with the
 * same use cases the seed uses, straight against the test stack's DynamoDB Local.
 */
import { ulid } from 'ulid';
import type { Campaign } from '#shared/campaign';
import type { Role } from '#shared/roles';
import { exampleCampaign } from '../../infra/local/seed.ts';
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

export interface TestCampaign {
  campaign: Campaign;
  /** Tokens of a unit in 华龙区, a second unit there, 华龙区's county reviewer, the city office, an auditor. */
  tokens: { unit: string; unit2: string; county: string; city: string; auditor: string };
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
  const ctx = {
    actor: { accountId: 'test', role: 'system' as const },
    requestId: 'test',
    now: new Date().toISOString(),
  };
  await createCampaign(campaign, ctx);
  const login = async (role: Role, name: string, regionId?: string, unitId?: string) => {
    const { code } = await createAccount(
      {
        role,
        campaignId: campaign.id,
        name,
        expiresAt: campaign.endsAt,
        ...(regionId ? { regionId } : {}),
        ...(unitId ? { unitId } : {}),
      },
      ctx,
    );
    const r = await api('POST', '/api/auth/login', { body: { code } });
    return r.body.token as string;
  };
  const unit = async (name: string) => {
    const unitId = ulid();
    await createUnit({ unitId, campaignId: campaign.id, regionId: 'hualong', name }, ctx);
    return login('unit', name, 'hualong', unitId);
  };
  return {
    campaign,
    tokens: {
      unit: await unit('华龙区财政局'),
      unit2: await unit('华龙区民政局'),
      county: await login('county', '华龙区财政局（审核）', 'hualong'),
      city: await login('city', '市评选办'),
      auditor: await login('auditor', '审计'),
    },
  };
}
