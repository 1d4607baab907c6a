/**
 * The example campaign: the Puyang notice 濮人社函〔2024〕2号 (36 advanced collectives, 52 advanced
 * workers, quotas per region as in the docs), with demo accounts for every role. Idempotent:
 * a second start finds the campaign and changes nothing.
 *
 * The notice's dates lie in the past, so the demo keeps its text but moves its deadline to the
 * coming 18 January (units a week earlier), so that every account is live when you try it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { createAccount } from '#lib/accounts';
import { createCampaign, createUnit } from '#lib/campaigns';
import { db, tableName } from '#lib/db';
import { campaignKey } from '#lib/keys';
import type { Campaign } from '#shared/campaign';
import { chinaDate } from '#shared/dates';
import type { Role } from '#shared/roles';

/** The example campaign's id (a fixed ULID, so links and tests can name it). */
export const EXAMPLE_CAMPAIGN_ID = '01HMB7Z4Q1PYCZ2024YKT00001';

export interface DemoAccount {
  role: Role;
  regionId?: string;
  regionName?: string;
  unit?: string;
  name: string;
  code: string;
}

const REGIONS: Campaign['regions'] = [
  { id: 'hualong', name: '华龙区', quotas: { collective: 4, worker: 6 } },
  { id: 'puyang-county', name: '濮阳县', quotas: { collective: 5, worker: 7 } },
  { id: 'qingfeng', name: '清丰县', quotas: { collective: 4, worker: 6 } },
  { id: 'nanle', name: '南乐县', quotas: { collective: 4, worker: 6 } },
  { id: 'fanxian', name: '范县', quotas: { collective: 4, worker: 6 } },
  { id: 'taiqian', name: '台前县', quotas: { collective: 3, worker: 5 } },
  { id: 'kaifaqu', name: '濮阳经济技术开发区', quotas: { collective: 2, worker: 2 } },
  { id: 'gongyeyuan', name: '濮阳工业园区', quotas: { collective: 1, worker: 2 } },
  { id: 'shifanqu', name: '濮阳市城乡一体化示范区', quotas: { collective: 1, worker: 2 } },
  { id: 'shizhi', name: '市直', quotas: { collective: 8, worker: 10 } },
];

/**
 * The demo notice's date: two months before its deadline (18 November), or the day the demo is
 * seeded if that is earlier, so that nothing the demo accounts enter is refused as before it.
 */
function noticeDateFor(now: Date, deadline: string): string {
  const twoMonthsBefore = `${Number(deadline.slice(0, 4)) - 1}-11-18`;
  const today = chinaDate(now);
  return today < twoMonthsBefore ? today : twoMonthsBefore;
}

/** The next 18 January on or after `now`, as YYYY-MM-DD. */
export function coming18January(now: Date): string {
  const y =
    now.getUTCMonth() === 0 && now.getUTCDate() <= 18 ? now.getUTCFullYear() : now.getUTCFullYear() + 1;
  return `${y}-01-18`;
}

export function exampleCampaign(now: Date): Campaign {
  const deadline = coming18January(now);
  const year = Number(deadline.slice(0, 4));
  return {
    id: EXAMPLE_CAMPAIGN_ID,
    title: '濮阳市惠民惠农财政补贴资金“一卡通”管理工作先进集体和先进工作者评选',
    docNumber: '濮人社函〔2024〕2号',
    issuers: ['濮阳市人力资源和社会保障局', '濮阳市财政局'],
    workYear: year - 1,
    totals: { collective: 36, worker: 52 },
    regions: REGIONS,
    deadlines: { unitToCounty: `${year}-01-11`, countyToCity: deadline },
    noticeDate: noticeDateFor(now, deadline),
    assessmentYears: [year - 5, year - 4, year - 3, year - 2, year - 1],
    limits: { deedsMax: 2000, summaryMax: 200 },
    contact: {
      name: '高龙超',
      phone: '0393-6666715',
      email: 'pyczjd@126.com',
      address: '濮阳市古城路 260 号 909 室',
    },
    endsAt: `${year}-06-30T16:00:00.000Z`,
  };
}

/** What createAccount needs for an account of the campaign (living as long as the campaign). */
export function accountSpec(
  campaign: Campaign,
  role: Role,
  name: string,
  regionId?: string,
  unitId?: string,
) {
  return {
    role,
    campaignId: campaign.id,
    name,
    expiresAt: campaign.endsAt,
    ...(regionId ? { regionId } : {}),
    ...(unitId ? { unitId } : {}),
  };
}

/** Seed the example campaign once; later calls return the accounts saved the first time. */
export async function seedExampleCampaign(accountsFile: string, now = new Date()): Promise<DemoAccount[]> {
  const existing = await db().send(
    new GetCommand({ TableName: tableName(), Key: campaignKey(EXAMPLE_CAMPAIGN_ID) }),
  );
  if (existing.Item && existsSync(accountsFile))
    return JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[];
  if (existing.Item)
    throw new Error(
      `the example campaign exists but ${accountsFile} is gone: delete the data folder to seed again`,
    );

  const ctx = {
    actor: { accountId: 'seed', role: 'system' as const },
    requestId: 'seed',
    now: now.toISOString(),
  };
  const campaign = exampleCampaign(now);
  await createCampaign(campaign, ctx);
  const demo: DemoAccount[] = [];
  const issue = async (role: Role, name: string, regionId?: string, unitId?: string) => {
    const { code } = await createAccount(accountSpec(campaign, role, name, regionId, unitId), ctx);
    const regionName = REGIONS.find((r) => r.id === regionId)?.name;
    demo.push({
      role,
      name,
      code,
      ...(regionId ? { regionId, regionName } : {}),
      ...(unitId ? { unit: name } : {}),
    });
  };
  for (const [regionId, name] of [
    ['hualong', '华龙区财政局'],
    ['hualong', '华龙区人力资源和社会保障局'],
    ['shizhi', '濮阳市民政局'],
  ] as const) {
    const unitId = ulid();
    await createUnit({ unitId, campaignId: campaign.id, regionId, name }, ctx);
    await issue('unit', name, regionId, unitId);
  }
  for (const r of REGIONS) {
    await issue('county', r.id === 'shizhi' ? '市“一卡通”联席办' : `${r.name}财政局（审核）`, r.id);
  }
  await issue('city', '市评选工作领导小组办公室');
  await issue('auditor', '市纪委监委驻财政局纪检监察组');
  writeFileSync(accountsFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
}
