/** Campaigns and their quota counters. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Campaign, categoryIds, type QuotaUse, quotaTotalsProblem } from '#shared/campaign';
import { NotFoundError, ValidationError } from '#shared/errors';
import type { Principal } from '#shared/roles';
import { othersName, type ShareUse, shareLimits, sharesShownTo } from '#shared/share-rules';
import { db, queryAll, tableName } from './db.ts';
import { asCalendar, savedNotices } from './holiday-calendar.ts';
import {
  ALL_CAMPAIGNS,
  type CampaignItem,
  campaignChain,
  campaignIdListed,
  campaignKey,
  campaignListed,
  campaignPartition,
  newShareCounter,
  parseCampaign,
  parseQuota,
  parseShare,
  quotaKey,
  quotaPrefix,
  sharePrefix,
  type UnitItem,
  unitChain,
  unitKey,
} from './keys.ts';
import { type ChangeContext, createRecord } from './records.ts';

/** Campaigns change rarely; a warm function keeps each for a minute. */
const cache = new Map<string, { at: number; campaign: Campaign }>();
const CACHE_MS = 60_000;

/**
 * The campaign, with the deployment's holiday calendar attached (`holidayCalendar`). Reads for display may be up to a minute old in a warm function; a step that
 * decides by the campaign's settings asks for a `fresh` (strongly consistent) read.
 */
export async function getCampaign(campaignId: string, options: { fresh?: boolean } = {}): Promise<Campaign> {
  const notices = savedNotices(options);
  notices.catch(() => undefined); // awaited below, unless the campaign's read fails first
  const withHolidays = async (campaign: Campaign): Promise<Campaign> => {
    const holidayCalendar = asCalendar(await notices);
    return holidayCalendar ? { ...campaign, holidayCalendar } : campaign;
  };
  const hit = cache.get(campaignId);
  if (!options.fresh && hit && Date.now() - hit.at < CACHE_MS) return withHolidays(hit.campaign);
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: campaignKey(campaignId), ConsistentRead: !!options.fresh }),
  );
  if (!out.Item) throw new NotFoundError('评选活动不存在');
  const { campaign } = parseCampaign(out.Item);
  cache.set(campaignId, { at: Date.now(), campaign });
  return withHolidays(campaign);
}

/** Quota use per region and category; a unit or county sees only its own region's. */
export async function quotaUse(campaignId: string, principal: Principal): Promise<QuotaUse[]> {
  const regional = principal.role === 'unit' || principal.role === 'county';
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: {
        ':pk': campaignPartition(campaignId),
        ':sk': quotaPrefix(regional ? principal.regionId : undefined),
      },
    }),
  );
  return (out.Items ?? []).map(parseQuota).map(({ regionId, category, quota, used }) => ({
    regionId,
    category,
    quota,
    used,
  }));
}

/**
 * The share rules' use the principal may see, each read from its counter: the city office and
 * the auditors every rule's, a county the rules its region's places count against (those whose
 * tag it lacks), a unit none. Empty, with nothing read, for a campaign without share rules.
 */
export async function shareUse(campaign: Campaign, principal: Principal): Promise<ShareUse[]> {
  if (principal.role === 'unit') return [];
  const shown = sharesShownTo(campaign, principal.role === 'county' ? principal.regionId : undefined);
  if (!shown.length) return [];
  const counters = (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': campaignPartition(campaign.id), ':sk': sharePrefix() },
    })
  ).map(parseShare);
  return shown.map(({ rule, limit }) => {
    const counter = counters.find((c) => c.category === rule.category && c.tag === rule.tag);
    return {
      category: rule.category,
      tag: rule.tag,
      text: rule.text,
      others: othersName(rule.tag, campaign.definition.regionTerm),
      used: counter?.used ?? 0,
      limit: counter?.quota ?? limit,
    };
  });
}

/** Keep a campaign just written, so this function instance shows the change at once. */
export function rememberCampaign(campaign: Campaign): void {
  cache.set(campaign.id, { at: Date.now(), campaign });
}

export function regionName(campaign: Campaign, regionId: string): string {
  return campaign.regions.find((r) => r.id === regionId)?.name ?? regionId;
}

/**
 * Create a campaign with one quota counter per region and category and one share counter per
 * share rule of its definition, all in one transaction.
 */
export async function createCampaign(campaign: Campaign, ctx: ChangeContext): Promise<void> {
  const problem = quotaTotalsProblem(campaign);
  if (problem) throw new ValidationError(problem, 'regions');
  const counters = campaign.regions.flatMap((r) =>
    categoryIds(campaign).map((category) => ({
      Put: {
        TableName: tableName(),
        Item: {
          ...quotaKey(campaign.id, r.id, category),
          type: 'quota',
          regionId: r.id,
          category,
          quota: r.quotas[category] ?? 0,
          used: 0,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    })),
  );
  const shares = shareLimits(campaign).map((s) => ({
    Put: {
      TableName: tableName(),
      Item: newShareCounter(campaign.id, s),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
  await createRecord<CampaignItem>(campaignChain(campaign.id), ctx, {
    action: 'campaign.created',
    campaignId: campaign.id,
    next: {
      ...campaignKey(campaign.id),
      ...campaignListed(campaign.id),
      type: 'campaign',
      campaign,
    },
    changes: [{ field: 'campaign', before: null, after: campaign }],
    with: [...counters, ...shares],
  });
}

export type { UnitItem } from './keys.ts';

export async function createUnit(
  unit: Omit<UnitItem, 'pk' | 'sk' | 'type'>,
  ctx: ChangeContext,
): Promise<void> {
  await createRecord<UnitItem>(unitChain(unit.unitId), ctx, {
    action: 'unit.created',
    campaignId: unit.campaignId,
    next: { ...unitKey(unit.campaignId, unit.unitId), type: 'unit', ...unit },
    changes: Object.entries(unit).map(([field, after]) => ({ field, before: null, after })),
  });
}

/** Every campaign's id (GSI1 partition CAMPAIGNS), for jobs that visit them all. */
export async function campaignIds(): Promise<string[]> {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': ALL_CAMPAIGNS },
    ProjectionExpression: 'gsi1sk',
  });
  return items.map((i) => campaignIdListed(i).gsi1sk);
}
