/**
 * The steps of the selection process (两审两公示) as the API takes them. Each step reads the
 * nomination, works out the facts the pure state machine (shared/workflow.ts) needs, asks it
 * whether the step is allowed, and writes the new state, whatever the step records, the quota
 * counter and the share counters the place counts against (when a place is taken or freed) and
 * the audit event in one transaction. A refused step changes nothing.
 */
import { type Campaign, categoriesOf, categoryLabel, counterOf, photoRequired } from '#shared/campaign';
import type { DateProblem } from '#shared/dates';
import { ApiError, ConflictError } from '#shared/errors';
import { nominationProblems } from '#shared/forms';
import { levelNames } from '#shared/levels';
import { opinionsOf } from '#shared/opinions';
import { photoRulesOf } from '#shared/photo-rules';
import { type PublicityLength, unitPublicityLength } from '#shared/publicity-length';
import type { Principal } from '#shared/roles';
import { shareExceededMessage, sharesCounting } from '#shared/share-rules';
import { decide, type Vote, voteRuleOf, type WorkflowAction, type WorkflowFacts } from '#shared/workflow';
import { publicityDaysBetween, publicityEnd, workingCalendar } from '#shared/working-days';
import { getCampaign, regionName } from './campaigns.ts';
import { chinaToday } from './clock.ts';
import { tableName } from './db.ts';
import { indexKeys, type Key, nominationRecord, quotaKey, shareKey } from './keys.ts';
import { countOpenCases, type NominationItem, visibleTo } from './nomination-records.ts';
import { type ChangeContext, changeRecord, type TransactItem } from './records.ts';

/** Refuse a step whose dates break a rule of shared/dates.ts: 400 or 409 naming the field. */
export function assertDates(problem: DateProblem | null): void {
  if (problem) throw new ApiError(problem.httpStatus, problem.code, problem.message, problem.field);
}

/**
 * The last day of a publicity of `length` posted on `start`, or the city office's to-do when a
 * working day falls in a year the calendar does not know.
 */
export function publicityEndOn(start: string, length: PublicityLength, campaign: Campaign): string {
  const r = publicityEnd(start, length, workingCalendar(campaign));
  if (!r.ok) throw new ApiError(409, 'calendar_missing', r.reason, 'calendar');
  return r.end;
}

/** The parts of a nomination's record its materials are read from. */
export type MaterialsRecord = Pick<
  NominationItem,
  'category' | 'acceptedPhoto' | 'unitRecommendation' | 'unitPublicity' | 'opinions'
>;

/**
 * The facts about a nomination's materials: photo, unit recommendation and publicity, opinions
 * and their scans (what `materialGaps` reads, and the checklist with the rest of `factsOf`).
 */
export function materialFacts(n: MaterialsRecord, campaign: Campaign): WorkflowFacts {
  const pub = n.unitPublicity;
  const length = unitPublicityLength(campaign);
  const held = pub
    ? publicityDaysBetween(pub.postedOn, pub.endsOn, length, workingCalendar(campaign))
    : undefined;
  const required = opinionsOf(campaign);
  const opinions: WorkflowFacts['opinions'] = {};
  for (const { id } of required) {
    const o = n.opinions?.[id];
    if (o) opinions[id] = { favourable: o.favourable, stampedScan: !!o.scanId };
  }
  return {
    category: n.category,
    photoRequired: photoRequired(campaign, n.category),
    photoAccepted: !!n.acceptedPhoto,
    photoLabel: photoRulesOf(campaign).label,
    levels: levelNames(campaign.definition),
    ...(n.unitRecommendation
      ? {
          democraticRecommendation: n.unitRecommendation.democratic,
          leadershipDecisionDate: n.unitRecommendation.leadershipDecisionDate,
        }
      : {}),
    ...(pub
      ? {
          unitPublicityEndsOn: pub.endsOn,
          noticePhotoUploaded: !!pub.noticeScanId,
          ...(pub.outcome ? { unitPublicityOutcome: pub.outcome } : {}),
          ...(held?.ok ? { unitPublicityDays: held.days } : {}),
        }
      : {}),
    unitPublicityLength: length,
    opinions,
    requiredOpinions: required,
  };
}

/** What the state machine needs to know about a nomination, from the record and the campaign. */
export function factsOf(
  n: NominationItem,
  campaign: Campaign,
  extra: { today: string; countyReportDone?: boolean; reason?: string },
): WorkflowFacts {
  const deadline =
    n.status === 'recommended'
      ? (campaign.extensions?.countyToCity ?? campaign.deadlines.countyToCity)
      : (campaign.extensions?.unitToCounty ?? campaign.deadlines.unitToCounty);
  return {
    ...materialFacts(n, campaign),
    problems: nominationProblems(
      n.category,
      { ...n.form, ...(n.idNumber ? { idNumber: n.idNumber.masked } : {}) },
      campaign,
    ),
    ...(n.unitPublicity ? { unitPublicityEnded: extra.today > n.unitPublicity.endsOn } : {}),
    deadline,
    deadlinePassed: extra.today > deadline,
    ...(n.politicalReview ? { politicalReview: { passed: n.politicalReview.passed } } : {}),
    ...(extra.countyReportDone !== undefined ? { countyReportDone: extra.countyReportDone } : {}),
    ...(n.vote ? { vote: n.vote } : {}),
    voteRule: voteRuleOf(campaign),
    // each nominee's own round decides when it may be confirmed
    ...(n.cityPublicity ? { cityPublicityEnded: extra.today > n.cityPublicity.endsOn } : {}),
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
  };
}

/** The update that takes (`used < quota`) or frees (`used > 0`) one place of a counter. */
function counterUpdate(key: Key, delta: 1 | -1): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET used = used + :d',
      ConditionExpression: delta > 0 ? 'used < quota' : 'used > :zero',
      ExpressionAttributeValues: delta > 0 ? { ':d': 1 } : { ':d': -1, ':zero': 0 },
    },
  };
}

/**
 * The counters a place of the nomination moves: its region's quota first, then the share rules
 * its place counts against (its category's rules whose tag its region lacks). A campaign without
 * share rules moves the quota alone.
 */
function placeCounters(campaign: Campaign, n: NominationItem): { key: Key; full: () => ApiError }[] {
  return [
    { key: quotaKey(n.campaignId, n.regionId, n.category), full: () => quotaFull(campaign, n) },
    ...sharesCounting(campaign, n.regionId, n.category).map((s) => ({
      key: shareKey(n.campaignId, s.rule.category, s.rule.tag),
      full: () =>
        new ConflictError(
          shareExceededMessage(
            s,
            campaign.definition.regionTerm,
            counterOf(categoriesOf(campaign).find((c) => c.id === n.category) ?? { kind: 'person' }),
          ),
          'share_exceeded',
        ),
    })),
  ];
}

function quotaFull(campaign: Campaign, { regionId, category }: NominationItem): ApiError {
  const quota = campaign.regions.find((r) => r.id === regionId)?.quotas[category];
  return new ConflictError(
    `${regionName(campaign, regionId)}${categoryLabel(campaign, category)}推荐名额已满（共 ${quota} 个），不能再推荐`,
    'quota_full',
  );
}

/** What a step records besides the state change: the fields it sets on the nomination. */
export type StepRecord = Partial<
  Pick<
    NominationItem,
    | 'unitRecommendation'
    | 'unitPublicity'
    | 'politicalReview'
    | 'opinions'
    | 'vote'
    | 'votedOn'
    | 'recommendedOn'
    | 'decisions'
    | 'submittedAt'
    | 'cityPublicity'
  >
>;

/**
 * Take one workflow step on a nomination the principal may see. `record` gives what the step
 * writes (computed from the current record, so a retry after a race recomputes it).
 */
export async function takeStep(
  principal: Principal,
  id: string,
  action: WorkflowAction,
  ctx: ChangeContext,
  options: {
    reason?: string;
    record?: (current: NominationItem, campaign: Campaign) => StepRecord;
    countyReportDone?: boolean;
    /** Other writes of the same step (e.g. the objection case it resolves). */
    alsoWrite?: (current: NominationItem) => TransactItem[];
  } = {},
): Promise<NominationItem> {
  const today = chinaToday(new Date(ctx.now));
  return changeRecord<NominationItem>(
    nominationRecord(id),
    ctx,
    () => new ApiError(404, 'not_found', '推荐对象不存在'),
    async (current) => {
      visibleTo(principal, current);
      const campaign = await getCampaign(current.campaignId, { fresh: true });
      const recorded = options.record?.(current, campaign) ?? {};
      const merged = { ...current, ...recorded };
      const openCases = action === 'confirm' ? await countOpenCases(id) : 0;
      const facts = {
        ...factsOf(merged, campaign, {
          today,
          countyReportDone: options.countyReportDone,
          reason: options.reason,
        }),
        openCases,
        // as before this step's record (cancelling the publicity removes it)
        ...(current.unitPublicity?.startedFrom
          ? { statusBeforePublicity: current.unitPublicity.startedFrom }
          : {}),
      };
      const verdict = decide({ status: current.status, action, role: principal.role, facts });
      if (!verdict.ok) {
        const detail = verdict.details?.length ? `：${verdict.details.join('；')}` : '';
        throw new ApiError(verdict.httpStatus, verdict.code, `${verdict.reason}${detail}`);
      }
      const reason = options.reason?.trim();
      const decisions = reason
        ? [
            ...(merged.decisions ?? []),
            { action, reason, at: ctx.now, by: principal.accountId, role: principal.role },
          ]
        : merged.decisions;
      const next: NominationItem = {
        ...merged,
        status: verdict.next,
        ...(decisions ? { decisions } : {}),
        version: current.version + 1,
        updatedAt: ctx.now,
        ...indexKeys({ ...current, status: verdict.next }),
      };
      // the place is taken or freed in the region's quota and in every share rule it counts against
      const counters = verdict.quota !== 0 ? placeCounters(campaign, current) : [];
      const changes = [
        ...(verdict.next !== current.status
          ? [{ field: 'status', before: current.status, after: verdict.next }]
          : []),
        ...Object.entries(recorded).map(([field, after]) => ({
          field,
          before: (current as unknown as Record<string, unknown>)[field] ?? null,
          after: after ?? null,
        })),
        ...(reason ? [{ field: 'reason', before: null, after: reason }] : []),
      ];
      return {
        action: `workflow.${action}`,
        campaignId: current.campaignId,
        next,
        changes,
        with: [
          ...counters.map((c) => counterUpdate(c.key, verdict.quota as 1 | -1)),
          ...(options.alsoWrite?.(current) ?? []),
        ],
        onConflict: (index) =>
          (verdict.quota > 0 ? counters[index]?.full() : undefined) ??
          new ConflictError('该记录已在别处处理，请刷新后重试', 'conflict'),
      };
    },
  );
}

/** The unit publicity: from the day the notice is posted, for the campaign's length (5 working days by default). */
export function unitPublicityPeriod(postedOn: string, campaign: Campaign) {
  return { postedOn, endsOn: publicityEndOn(postedOn, unitPublicityLength(campaign), campaign) };
}

export type { Vote };
