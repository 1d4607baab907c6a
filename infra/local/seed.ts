/**
 * The example campaign: the Puyang notice 濮人社函〔2024〕2号 (36 advanced collectives, 52 advanced
 * workers, quotas per region as in the docs), read from campaigns/puyang-2024.yaml — or the
 * definition file CAMPAIGN_FILE names (the rehearsal's `--campaign`) — with demo accounts for
 * every role. Idempotent: a second start finds the campaign and changes nothing.
 *
 * The notice's dates lie in the past, so the demo keeps its text but moves its deadlines to their
 * next anniversary (Puyang: the coming 18 January), so that every account is live when you try it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { joinCampaign } from '#lib/account-admin';
import { accountIdForCode, createAccount } from '#lib/accounts';
import { createCampaign, createUnit } from '#lib/campaigns';
import { db, tableName } from '#lib/db';
import { campaignKey, parseCampaign, StoredItemError } from '#lib/keys';
import type { Campaign } from '#shared/campaign';
import { chinaDate } from '#shared/dates';
import { campaignFromDefinition, runnableProblems } from '#shared/definition/campaign';
import { errorText, parseDefinition } from '#shared/definition/load';
import type { CampaignDefinition, RegionDefinition } from '#shared/definition/schema';
import type { Role } from '#shared/roles';
import { planUnits } from '../rehearsal/people.ts';

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

/** The Puyang notice as a definition file: the campaign's text, regions, quotas and rules. */
const DEFINITION_FILE = 'campaigns/puyang-2024.yaml';
let definition: CampaignDefinition | undefined;

/** The definition file the example campaign runs: CAMPAIGN_FILE, else the Puyang notice's. */
const exampleDefinitionFile = (): string => process.env.CAMPAIGN_FILE || DEFINITION_FILE;

/** A definition file (relative to the project, or absolute); a broken file stops the seed with every error. */
function readDefinition(file: string): CampaignDefinition {
  const text = readFileSync(resolve(join(import.meta.dirname, '../..'), file), 'utf8');
  const result = parseDefinition(text, file);
  if (!result.ok) {
    throw new Error(`${file} has errors:\n${result.errors.map(errorText).join('\n')}`);
  }
  return result.definition;
}

/** The example campaign's definition, read once. */
export function exampleDefinition(): CampaignDefinition {
  definition ??= readDefinition(exampleDefinitionFile());
  return definition;
}

/** The second demo campaign, beside the example: the Qingfeng teachers' notice (a fixed ULID). */
export const SECOND_CAMPAIGN_ID = '01J0QFJS2026TEACHERS000001';
const SECOND_DEFINITION_FILE = 'campaigns/qingfeng-2026-teachers.yaml';

/**
 * Seed the second campaign once, when this version can run its definition (else say why and
 * leave it out): the demo city office and auditor take part in it too, so the demo shows
 * choosing and switching campaigns. Answers what was seeded, for the start-up message.
 */
export async function seedSecondCampaign(demo: DemoAccount[], now = new Date()): Promise<string> {
  const existing = await db().send(
    new GetCommand({ TableName: tableName(), Key: campaignKey(SECOND_CAMPAIGN_ID) }),
  );
  const d = readDefinition(SECOND_DEFINITION_FILE);
  if (existing.Item) return `${d.title}（已有）`;
  // a rehearsal (CAMPAIGN_FILE) runs one notice alone
  if (process.env.CAMPAIGN_FILE) return `未创建 ${SECOND_DEFINITION_FILE}：演练只运行一个评选`;
  const problems = runnableProblems(d);
  if (problems.length) return `未创建 ${SECOND_DEFINITION_FILE}：${problems.join('；')}`;
  const ctx = {
    actor: { accountId: 'seed', role: 'system' as const },
    requestId: 'seed',
    now: now.toISOString(),
  };
  const campaign = demoCampaign(d, SECOND_CAMPAIGN_ID, now);
  await createCampaign(campaign, ctx);
  for (const a of demo.filter((x) => x.role === 'city' || x.role === 'auditor')) {
    const accountId = await accountIdForCode(a.code);
    if (accountId) await joinCampaign(accountId, { campaignId: campaign.id, role: a.role }, campaign, ctx);
  }
  return d.title;
}

/**
 * The demo notice's date: two months before its deadline, or the day the demo is seeded if that
 * is earlier, so that nothing the demo accounts enter is refused as before it.
 */
function noticeDateFor(now: Date, deadline: string): string {
  const twoMonthsBefore = addMonths(deadline, -2);
  const today = chinaDate(now);
  return today < twoMonthsBefore ? today : twoMonthsBefore;
}

/** `date` (YYYY-MM-DD) `n` months on, on the same day of the month (days past 28 kept to 28). */
function addMonths(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const day = Math.min(d, 28);
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last day of `date`'s month (YYYY-MM-DD). */
function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The next anniversary of `date`'s month and day on or after `now` (China time), as YYYY-MM-DD. */
function comingAnniversary(date: string, now: Date): string {
  const today = chinaDate(now);
  const monthDay = date.slice(5);
  const thisYear = `${today.slice(0, 4)}-${monthDay}`;
  return thisYear >= today ? thisYear : `${Number(today.slice(0, 4)) + 1}-${monthDay}`;
}

/** The next 18 January on or after `now`, as YYYY-MM-DD (the Puyang notice's deadline). */
export const coming18January = (now: Date): string => comingAnniversary('2024-01-18', now);

/** The example campaign (Puyang, or CAMPAIGN_FILE's notice), its deadlines moved on (`demoCampaign`). */
export const exampleCampaign = (now: Date): Campaign =>
  demoCampaign(exampleDefinition(), EXAMPLE_CAMPAIGN_ID, now);

/** A demo campaign of the definition `d`: its deadlines moved to their next anniversary, so it is live. */
function demoCampaign(d: CampaignDefinition, id: string, now: Date): Campaign {
  const deadline = comingAnniversary(d.deadlines.middleToTop, now);
  // the notice's own year and its units' deadline move by as many years as its deadline
  const years = Number(deadline.slice(0, 4)) - Number(d.deadlines.middleToTop.slice(0, 4));
  const shift = (date: string) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
  const { unitToMiddle } = d.deadlines;
  const moved = {
    ...d,
    workYear: d.workYear + years,
    deadlines: { middleToTop: deadline, ...(unitToMiddle ? { unitToMiddle: shift(unitToMiddle) } : {}) },
  };
  return campaignFromDefinition(moved, id, {
    noticeDate: noticeDateFor(now, deadline),
    // accounts live to the end of the fifth month past the deadline: through publicity and exports
    endsAt: `${monthEnd(addMonths(deadline, 5))}T16:00:00.000Z`,
  });
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

/** Whether a stored campaign item is one this version runs (it carries its definition). */
function storedWithDefinition(item: Record<string, unknown>): boolean {
  try {
    parseCampaign(item);
    return true;
  } catch (e) {
    if (e instanceof StoredItemError) return false;
    throw e;
  }
}

/** Seed the example campaign once; later calls return the accounts saved the first time. */
export async function seedExampleCampaign(accountsFile: string, now = new Date()): Promise<DemoAccount[]> {
  const existing = await db().send(
    new GetCommand({ TableName: tableName(), Key: campaignKey(EXAMPLE_CAMPAIGN_ID) }),
  );
  // a data folder from before campaigns carried their definition cannot run: say so, plainly
  if (existing.Item && !storedWithDefinition(existing.Item))
    throw new Error(
      '.data/ 中的示例评选早于评选定义文件（campaigns/*.yaml），不能再运行：请删除 .data 文件夹后重新 npm start。' +
        ' The example campaign in the data folder predates campaign definitions: delete the data folder to seed again.',
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
    const regionName = campaign.regions.find((r) => r.id === regionId)?.name;
    demo.push({
      role,
      name,
      code,
      ...(regionId ? { regionId, regionName } : {}),
      ...(unitId ? { unit: name } : {}),
    });
  };
  for (const [regionId, name] of demoUnits(campaign)) {
    const unitId = ulid();
    await createUnit({ unitId, campaignId: campaign.id, regionId, name }, ctx);
    await issue('unit', name, regionId, unitId);
  }
  for (const r of campaign.definition.regions) {
    await issue('county', `${r.reviewer}（审核）`, r.id);
  }
  await issue('city', campaign.definition.office);
  await issue('auditor', '市纪委监委驻财政局纪检监察组');
  writeFileSync(accountsFile, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  return demo;
}

/**
 * The demo units: two in the first region, one in the last (Puyang: two in 华龙区, one in 市直),
 * named as the rehearsal names units.
 */
function demoUnits(campaign: Campaign): [string, string][] {
  const { regions, regionTerm } = campaign.definition;
  const first = regions[0] as RegionDefinition;
  const last = regions.at(-1) as RegionDefinition;
  const inFirst = planUnits([first], 2, regionTerm).map((u): [string, string] => [first.id, u.name]);
  const inLast = planUnits([last], 3, regionTerm).at(-1)?.name as string;
  return [...inFirst, [last.id, inLast]];
}
