/**
 * The campaign-level steps of the process: the county's report and batch submission, the city
 * office's meeting, settings, publicity, confirmation, and the public's objections. Steps on
 * single nominations go through workflow-steps.ts; these gather them.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { diffFields } from '#shared/audit';
import {
  type Campaign,
  type CampaignSettings,
  type Category,
  categoryBriefs,
  categoryIds,
  categoryLabel,
  nomineeNameIn,
  quotaTotalsProblem,
  type Region,
} from '#shared/campaign';
import { ApiError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import { maskPhone } from '#shared/id-number';
import { levelNames } from '#shared/levels';
import type { NominationStatus } from '#shared/nomination';
import type { BatchResult } from '#shared/publicity';
import { finalPublicityLength } from '#shared/publicity-length';
import type { Principal } from '#shared/roles';
import { isPhone, officialDate } from '#shared/text';
import { countyReportRequired, decide, missingMaterials } from '#shared/workflow';
import { getCampaign, rememberCampaign, shareUse } from './campaigns.ts';
import { nextReceipt } from './cases.ts';
import { chinaToday } from './clock.ts';
import { db, queryAll, tableName } from './db.ts';
import {
  type CountyReport,
  campaignCases,
  campaignNominations,
  campaignPartition,
  campaignRecord,
  caseKey,
  caseListed,
  maybe,
  nominationFields,
  nominationRecord,
  parseCase,
  parseNomination,
  parseQuota,
  parseReport,
  quotaKey,
  quotaPrefix,
  regionStatusPrefix,
  reportKey,
  reportRecord,
} from './keys.ts';
import { type CaseItem, type NominationItem, readNominationAsSystem } from './nomination-records.ts';
import { type ChangeContext, changeRecord, createRecord } from './records.ts';
import { type MaterialsRecord, materialFacts, takeStep } from './workflow-steps.ts';

/** A region the principal may act for: a county only its own. */
export function regionFor(principal: Principal, campaign: Campaign, regionId: string | undefined): string {
  const region = campaign.regions.find((r) => r.id === regionId);
  if (!region) throw new NotFoundError('地区不存在');
  if (principal.role === 'county' && principal.regionId !== region.id) throw new NotFoundError('地区不存在');
  return region.id;
}

export type { CountyReport } from './keys.ts';

export async function getCountyReport(
  campaignId: string,
  regionId: string,
): Promise<(CountyReport & { updatedAt: string }) | null> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: reportKey(campaignId, regionId) }),
  );
  return maybe(parseReport)(out.Item)?.report ?? null;
}

/** Write (or rewrite) the county's report; its history is the chain REPORT#<region>. */
export async function saveCountyReport(
  principal: Principal,
  regionId: string,
  report: CountyReport,
  ctx: ChangeContext,
) {
  // Chains are named across campaigns: the region's id alone would collide (see reportChain).
  const record = reportRecord(principal.campaignId, regionId);
  const next = (current?: { report: CountyReport }) => ({
    action: current ? 'report.updated' : 'report.created',
    campaignId: principal.campaignId,
    next: { ...record.key, type: 'report' as const, regionId, report: { ...report, updatedAt: ctx.now } },
    changes: diffFields(current?.report ? { ...current.report } : {}, { ...report }),
  });
  const existing = await getCountyReport(principal.campaignId, regionId);
  if (!existing) {
    try {
      await createRecord(record.chain, ctx, next());
      return;
    } catch (e) {
      if (!(e instanceof ConflictError && e.code === 'already_exists')) throw e;
    }
  }
  await changeRecord(
    record,
    ctx,
    () => new NotFoundError(),
    (current) => next(current),
  );
}

/** Nominations of a campaign in one status (GSI2), optionally of one region. */
export async function nominationsIn(
  campaignId: string,
  status: NominationStatus,
  regionId?: string,
): Promise<NominationItem[]> {
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: regionId ? 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)' : 'gsi2pk = :pk',
    ...(regionId ? {} : { FilterExpression: '#s = :status', ExpressionAttributeNames: { '#s': 'status' } }),
    ExpressionAttributeValues: {
      ':pk': campaignNominations(campaignId),
      ...(regionId ? { ':prefix': regionStatusPrefix(regionId, status) } : { ':status': status }),
    },
  });
  return items.map(parseNomination);
}

export async function eachNomination(
  campaign: Campaign,
  list: NominationItem[],
  step: (n: NominationItem) => Promise<unknown>,
): Promise<BatchResult> {
  const result: BatchResult = { done: [], refused: [] };
  for (const n of list) {
    try {
      await step(n);
      result.done.push(n.id);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result.refused.push({ id: n.id, name: nomineeName(n, campaign), code: e.code, message: e.message });
    }
  }
  return result;
}

/** How a nominee is named in lists: its category's name field (a person's name, a unit's name). */
export const nomineeName = (n: NominationItem, campaign: Pick<Campaign, 'definition'>): string =>
  nomineeNameIn(categoryBriefs(campaign), n);

/** The county sends its recommended nominees to the city office; its report must be written. */
export async function submitRegionToCity(
  principal: Principal,
  regionId: string,
  ctx: ChangeContext,
): Promise<BatchResult> {
  const recommended = await nominationsIn(principal.campaignId, 'recommended', regionId);
  if (recommended.length === 0) throw new ConflictError('本地区没有已推荐的对象可报送', 'nothing_to_submit');
  const campaign = await getCampaign(principal.campaignId);
  const reportDone =
    !countyReportRequired(campaign) || (await getCountyReport(principal.campaignId, regionId)) !== null;
  return eachNomination(campaign, recommended, (n) =>
    takeStep(principal, n.id, 'submitToCity', ctx, { countyReportDone: reportDone }),
  );
}

/** Change the campaign's settings with an event on the campaign's chain. */
export async function updateCampaign(
  principal: Principal,
  ctx: ChangeContext,
  action: string,
  change: (c: Campaign) => Partial<CampaignSettings>,
): Promise<Campaign> {
  const item = await changeRecord(
    campaignRecord(principal.campaignId),
    ctx,
    () => new NotFoundError('评选活动不存在'),
    (current) => {
      const settings = change(current.campaign);
      const next = { ...current.campaign, ...settings };
      return {
        action,
        campaignId: principal.campaignId,
        next: { ...current, campaign: next },
        changes: diffFields(
          Object.fromEntries(
            Object.keys(settings).map((k) => [
              k,
              (current.campaign as unknown as Record<string, unknown>)[k],
            ]),
          ),
          settings as Record<string, unknown>,
        ),
      };
    },
  );
  rememberCampaign(item.campaign);
  return item.campaign;
}

/** What the dashboard reads of a nomination: its materials (of the photo, only whether there is one). */
const dashboardFields = nominationFields(
  'regionId',
  'category',
  'status',
  'unitRecommendation',
  'unitPublicity',
  'opinions',
);

/**
 * Counts per region, category and status, with each region's quota use, each share rule's use,
 * and per region (and in total) the nominations in play that lack materials (`missingMaterials`).
 */
export async function dashboard(principal: Principal) {
  const campaign = await getCampaign(principal.campaignId);
  const items = await queryAll({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': campaignNominations(principal.campaignId) },
    // The materials only: never the form or the ID number.
    ProjectionExpression:
      'regionId, category, #s, acceptedPhoto.photoId, unitRecommendation, unitPublicity, opinions',
    ExpressionAttributeNames: { '#s': 'status' },
  });
  const missing = missingMaterials(
    campaign.regions.map((r) => r.id),
    items
      .map((i) => ({
        ...dashboardFields(i),
        acceptedPhoto: i.acceptedPhoto as MaterialsRecord['acceptedPhoto'],
      }))
      .map((n) => ({
        regionId: n.regionId,
        status: n.status,
        facts: materialFacts(n, campaign),
      })),
  );
  const quotas = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :q)',
    ExpressionAttributeValues: { ':pk': campaignPartition(principal.campaignId), ':q': quotaPrefix() },
  }).then((found) => found.map(parseQuota));
  const shares = await shareUse(campaign, principal);
  return {
    regions: campaign.regions.map((r) => ({
      regionId: r.id,
      regionName: r.name,
      categories: Object.fromEntries(
        categoryIds(campaign).map((category) => {
          const q = quotas.find((x) => x.regionId === r.id && x.category === category);
          const counts: Record<string, number> = {};
          for (const i of items) {
            if (i.regionId === r.id && i.category === category)
              counts[String(i.status)] = (counts[String(i.status)] ?? 0) + 1;
          }
          const quota = Number(q?.quota ?? 0);
          const used = Number(q?.used ?? 0);
          return [category, { quota, used, left: quota - used, counts }];
        }),
      ) as Record<Category, { quota: number; used: number; left: number; counts: Record<string, number> }>,
      missing: missing.regions[r.id],
    })),
    /** The categories' names and kinds, so the page needs no second request for them. */
    categories: categoryBriefs(campaign),
    missing: missing.total,
    // the share rules' use (非农村学校已推荐 3 / 最多 16), when the notice has any
    ...(shares.length ? { shares } : {}),
    ...(campaign.meeting ? { meeting: campaign.meeting } : {}),
    ...(campaign.cityPublicityRounds ? { cityPublicityRounds: campaign.cityPublicityRounds } : {}),
    cityPublicityLength: finalPublicityLength(campaign),
    // which campaign, and its levels as its notice names them (县区/学校, 市评选办/县教体局)
    title: campaign.title,
    levels: levelNames(campaign.definition),
  };
}

/**
 * File an objection. Every one is recorded, whatever it says; it is accepted (a case to resolve)
 * only with a real name and a phone number. It is an event on the nominee's chain.
 */
export async function fileObjection(
  campaignId: string,
  body: { nominationId: string; content: string; name?: string; phone?: string },
  ctx: ChangeContext,
): Promise<{ caseId: string; receipt: string; accepted: boolean }> {
  const campaign = await getCampaign(campaignId);
  if (!campaign.cityPublicityRounds?.length) throw new NotFoundError('公示尚未开始');
  const n = await readNominationAsSystem(body.nominationId).catch(() => null);
  if (!n || n.campaignId !== campaignId || n.status !== 'city_publicity' || !n.cityPublicity) {
    throw new ValidationError('该对象不在公示名单中', 'nominationId', 'not_on_list');
  }
  // an objection belongs to the nominee's own round, accepted while that round is open
  const round = n.cityPublicity;
  if (chinaToday(new Date(ctx.now)) > round.endsOn) {
    throw new ConflictError(
      `该对象的公示（第 ${round.round} 轮）已于 ${officialDate(round.endsOn)} 结束`,
      'publicity_ended',
    );
  }
  const name = body.name?.trim() || undefined;
  const phone = body.phone?.trim() || undefined;
  const accepted = !!name && !!phone && isPhone(phone);
  const caseId = ulid();
  const receipt = await nextReceipt(campaignId, ctx.now);
  // Control characters are dropped; everything else is kept as text and only ever shown escaped.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const content = body.content.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const item: CaseItem = {
    ...caseKey(n.id, caseId),
    type: 'case',
    caseId,
    receipt,
    nominationId: n.id,
    campaignId,
    status: accepted ? 'open' : 'not_accepted',
    content,
    ...(name ? { name } : {}),
    ...(phone ? { phone } : {}),
    filedAt: ctx.now,
    round: round.round,
  };
  await changeRecord(
    nominationRecord(n.id),
    ctx,
    () => new NotFoundError(),
    (current) => ({
      action: 'objection.filed',
      campaignId,
      next: current,
      changes: [
        { field: 'case', before: null, after: caseId },
        { field: 'case.receipt', before: null, after: receipt },
        { field: 'case.status', before: null, after: item.status },
        ...(phone ? [{ field: 'case.phone', before: null, after: maskPhone(phone) }] : []),
      ],
      with: [{ Put: { TableName: tableName(), Item: { ...item, ...caseListed(campaignId, caseId) } } }],
    }),
  );
  return { caseId, receipt, accepted };
}

/** The campaign's cases, newest first; phones masked. */
export async function listCases(campaignId: string) {
  const items = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': campaignCases(campaignId) },
    ScanIndexForward: false,
  });
  return items.map(parseCase).map(({ pk: _pk, sk: _sk, ...c }) => ({
    ...c,
    ...(c.phone ? { phone: maskPhone(c.phone) } : {}),
  }));
}

/**
 * Resolve an open case: upheld revokes the nominee (freeing its place), dismissed keeps it.
 * The case and the nominee change in one transaction, with the event on the nominee's chain.
 */
export async function resolveCase(
  principal: Principal,
  nominationId: string,
  caseId: string,
  body: { outcome: 'upheld' | 'dismissed'; reason: string },
  ctx: ChangeContext,
) {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: caseKey(nominationId, caseId), ConsistentRead: true }),
  );
  const item = maybe(parseCase)(got.Item);
  if (!item || item.campaignId !== principal.campaignId) throw new NotFoundError('异议件不存在');
  if (item.status !== 'open') throw new ConflictError('该异议件已处理或未受理', 'case_closed');
  const resolved: CaseItem = {
    ...item,
    status: body.outcome,
    resolution: { outcome: body.outcome, reason: body.reason, at: ctx.now, by: principal.accountId },
  };
  const caseWrite = {
    Put: {
      TableName: tableName(),
      Item: resolved,
      ConditionExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':open': 'open' },
    },
  };
  if (body.outcome === 'upheld') {
    return takeStep(principal, nominationId, 'upholdObjection', ctx, {
      reason: body.reason,
      alsoWrite: () => [caseWrite],
    });
  }
  if (principal.role !== 'city') throw new ForbiddenError();
  const levels = levelNames((await getCampaign(principal.campaignId)).definition);
  return changeRecord(
    nominationRecord(nominationId),
    ctx,
    () => new NotFoundError(),
    (current) => {
      // Dismissal changes no state, but it must still be a step the office may take now.
      const verdict = decide({
        status: current.status,
        action: 'upholdObjection',
        role: principal.role,
        facts: { category: current.category, reason: body.reason, levels },
      });
      if (!verdict.ok && verdict.code !== 'reason_required')
        throw new ApiError(verdict.httpStatus, verdict.code, verdict.reason);
      return {
        action: 'objection.dismissed',
        campaignId: current.campaignId,
        next: current,
        changes: [
          { field: 'case', before: caseId, after: 'dismissed' },
          { field: 'reason', before: null, after: body.reason },
        ],
        with: [caseWrite],
      };
    },
  );
}

/**
 * New quotas per region. They must add up to the campaign totals, and no region may get fewer
 * places than it has already used; the counters and the campaign change in one transaction.
 */
export async function setQuotas(
  principal: Principal,
  regions: { id: string; quotas: Record<Category, number> }[],
  ctx: ChangeContext,
): Promise<Campaign> {
  const campaign = await getCampaign(principal.campaignId, { fresh: true });
  const byId = new Map(regions.map((r) => [r.id, r.quotas]));
  if (regions.length !== campaign.regions.length || campaign.regions.some((r) => !byId.has(r.id))) {
    throw new ValidationError('须为每个地区给出名额，且只含本活动的地区', 'regions');
  }
  const next = {
    ...campaign,
    regions: campaign.regions.map((r) => ({ ...r, quotas: byId.get(r.id) as Region['quotas'] })),
  };
  const problem = quotaTotalsProblem(next);
  if (problem) throw new ValidationError(problem, 'regions');
  const counters = next.regions.flatMap((r) =>
    categoryIds(next).map((category) => ({ region: r, category })),
  );
  const item = await changeRecord(
    campaignRecord(campaign.id),
    ctx,
    () => new NotFoundError('评选活动不存在'),
    (current) => ({
      action: 'campaign.quotas_changed',
      campaignId: campaign.id,
      next: { ...current, campaign: { ...current.campaign, regions: next.regions } },
      changes: diffFields(
        Object.fromEntries(current.campaign.regions.map((r) => [r.id, r.quotas])),
        Object.fromEntries(next.regions.map((r) => [r.id, r.quotas])),
      ),
      with: counters.map(({ region, category }) => ({
        Update: {
          TableName: tableName(),
          Key: quotaKey(campaign.id, region.id, category),
          UpdateExpression: 'SET quota = :q',
          ConditionExpression: 'used <= :q',
          ExpressionAttributeValues: { ':q': region.quotas[category] },
        },
      })),
      onConflict: (index) => {
        const c = counters[index];
        return new ConflictError(
          c
            ? `${c.region.name}${categoryLabel(next, c.category)}已推荐的人数多于新名额 ${c.region.quotas[c.category] ?? 0}，请先调整推荐`
            : '名额已被占用，不能调低',
          'quota_below_used',
          'regions',
        );
      },
    }),
  );
  rememberCampaign(item.campaign);
  return item.campaign;
}
