/**
 * Nominations: the use cases behind the nomination routes. Handlers call these with the
 * caller and the parsed body; every change is one audited transaction (records.ts).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type * as z from 'zod/mini';
import { diffFields } from '#shared/audit';
import { type Campaign, type Category, categoriesOf } from '#shared/campaign';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '#shared/errors';
import { categoryOf, draftFormSchema, idFactsProblems, nominationProblems } from '#shared/forms';
import { maskIdNumber, maskPhone, parseIdNumber } from '#shared/id-number';
import { levelNames } from '#shared/levels';
import type { NominationProcess, NominationView, PhotoVersion } from '#shared/nomination';
import { opinionsOf } from '#shared/opinions';
import { finalPublicityLength, unitPublicityLength } from '#shared/publicity-length';
import type { listFiltersSchema } from '#shared/queries';
import type { Principal } from '#shared/roles';
import { ranksByScore } from '#shared/vote-score';
import { actionsFor, countyReportRequired, EDITABLE_STATUSES, UNIT_OWN_STATUSES } from '#shared/workflow';
import { getCampaign, regionName } from './campaigns.ts';
import { db, tableName } from './db.ts';
import { parseWith } from './http-core.ts';
import {
  campaignNominations,
  indexKeys,
  isNominationKey,
  nominationChain,
  nominationKey,
  nominationRecord,
  parseNomination,
  photoKey,
  readMarkerKey,
  readsChain,
  regionStatusPrefix,
  unitNominations,
} from './keys.ts';
import {
  type NominationItem,
  nominationNotFound,
  readNomination,
  type StoredIdNumber,
  visibleTo,
} from './nomination-records.ts';
import { openPii, sealPii } from './pii.ts';
import { appendToLog, type ChangeContext, changeRecord, createRecord, type TransactItem } from './records.ts';

/**
 * Record that a principal read a nomination's full personal data (who, when, which record),
 * in the reader's own chain, so that reads never contend with edits of the record.
 */
export async function logPersonalDataRead(
  principal: Principal,
  n: NominationItem,
  ctx: ChangeContext,
  what: string,
) {
  // Once per session (a login) and record: a page that reloads or retries writes no new event.
  // The marker is written with the event, so a read is never marked without being logged.
  const marker: TransactItem[] = ctx.sessionId
    ? [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...readMarkerKey(ctx.sessionId, what, n.id),
              type: 'read-marker',
              // a session lasts at most a token's life (8 h); the marker goes a day after (TTL, real time)
              expiresAt: Math.floor(Date.now() / 1000) + 32 * 3600,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ]
    : [];
  try {
    await appendToLog(readsChain(principal.accountId), ctx, {
      action: what,
      campaignId: n.campaignId,
      changes: [{ field: 'nomination', before: null, after: n.id }],
      with: marker,
      onConflict: () => new ConflictError('', 'already_logged'),
    });
  } catch (e) {
    if (!(e instanceof ConflictError && e.code === 'already_logged')) throw e;
  }
}

/**
 * The county or city office reveals a nominee's whole ID number (to check it against paper).
 * Each reveal is an event on the nomination's own chain: who, when, whose.
 */
export async function revealIdNumber(principal: Principal, id: string, ctx: ChangeContext): Promise<string> {
  const n = await readNomination(principal, id);
  if (!n.idNumber) throw new NotFoundError('该推荐对象尚未填写身份证号', 'no_id_number');
  const stored = n.idNumber;
  await changeRecord(nominationRecord(id), ctx, nominationNotFound, (current) => ({
    action: 'pii.id_number_revealed',
    campaignId: current.campaignId,
    next: current,
    changes: [{ field: 'idNumber', before: null, after: stored.masked }],
  }));
  return openPii(stored.sealed, id);
}

/** Split a validated form into what is stored in `form` and the ID number kept apart. */
function splitForm(form: Record<string, unknown>): { form: Record<string, unknown>; idNumber?: string } {
  const { idNumber, ...rest } = form;
  return { form: rest, ...(typeof idNumber === 'string' ? { idNumber } : {}) };
}

/** Seal a validated ID number for a nomination. */
export async function storeIdNumber(idNumber: string, nominationId: string): Promise<StoredIdNumber> {
  const facts = parseIdNumber(idNumber);
  if (!facts) throw new ValidationError('身份证号校验位不正确，请核对', 'idNumber');
  return {
    sealed: await sealPii(idNumber, nominationId),
    masked: maskIdNumber(idNumber),
    facts: { birthMonth: facts.birthMonth, sex: facts.sex },
  };
}

/** The values an audit event records: the ID number only masked, never whole. */
function auditable(item: Pick<NominationItem, 'form' | 'idNumber'> | undefined): Record<string, unknown> {
  if (!item) return {};
  return { ...item.form, ...(item.idNumber ? { idNumber: item.idNumber.masked } : {}) };
}

export async function createNomination(
  principal: Principal,
  body: { category: Category; form?: Record<string, unknown> },
  ctx: ChangeContext,
): Promise<NominationItem> {
  if (!principal.unitId || !principal.regionId) throw new ForbiddenError('只有推荐单位可以新建推荐对象');
  const campaign = await getCampaign(principal.campaignId);
  if (!categoryOf(campaign, body.category)) {
    const names = categoriesOf(campaign).map((c) => c.label);
    throw new ValidationError(`类别应为${names.join('或')}`, 'category');
  }
  const parsed = parseWith(draftFormSchema(body.category, campaign), body.form ?? {}) as Record<
    string,
    unknown
  >;
  const { form, idNumber } = splitForm(parsed);
  const id = ulid();
  const base = {
    type: 'nomination' as const,
    id,
    campaignId: principal.campaignId,
    regionId: principal.regionId,
    unitId: principal.unitId,
    unitName: principal.name,
    category: body.category,
    status: 'draft' as const,
    form,
    ...(idNumber ? { idNumber: await storeIdNumber(idNumber, id) } : {}),
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    createdBy: principal.accountId,
  };
  return createRecord<NominationItem>(nominationChain(id), ctx, {
    action: 'nomination.created',
    campaignId: base.campaignId,
    next: { ...nominationKey(id), ...indexKeys(base), ...base },
    changes: diffFields({}, { category: base.category, status: base.status, ...auditable(base) }),
  });
}

/** Merge a patch into a draft: fields set to null are cleared. The merged form is checked whole. */
export async function updateNomination(
  principal: Principal,
  id: string,
  body: { version: number; form: Record<string, unknown> },
  ctx: ChangeContext,
): Promise<NominationItem> {
  return changeRecord(nominationRecord(id), ctx, nominationNotFound, async (current) => {
    visibleTo(principal, current);
    if (current.version !== body.version) {
      throw new ConflictError('该记录已在别处修改，请刷新后再改', 'version_conflict', 'version');
    }
    if (!EDITABLE_STATUSES.includes(current.status))
      throw new ConflictError('只有草稿或被退回的推荐可以修改', 'not_editable');
    const campaign = await getCampaign(current.campaignId);
    const merged: Record<string, unknown> = { ...current.form };
    for (const [field, value] of Object.entries(body.form)) {
      if (value === null) delete merged[field];
      else merged[field] = value;
    }
    const parsed = parseWith(draftFormSchema(current.category, campaign), merged) as Record<string, unknown>;
    const { form, idNumber } = splitForm(parsed);
    const next = { ...current, form, version: current.version + 1, updatedAt: ctx.now };
    if (idNumber) next.idNumber = await storeIdNumber(idNumber, id);
    else if (body.form.idNumber === null) delete next.idNumber;
    else if (current.idNumber) {
      // The ID number on file is sealed; the form is checked against what it says instead.
      const [problem] = idFactsProblems(current.idNumber.facts, form);
      if (problem) throw new ValidationError(problem.message, problem.field);
    }
    return {
      action: 'nomination.updated',
      campaignId: current.campaignId,
      next,
      changes: diffFields(auditable(current), auditable(next)),
    };
  });
}

/** Drafts are deleted by hiding them: the record and its history stay for the auditors. */
export async function discardNomination(
  principal: Principal,
  id: string,
  ctx: ChangeContext,
): Promise<NominationItem> {
  return changeRecord(nominationRecord(id), ctx, nominationNotFound, (current) => {
    visibleTo(principal, current);
    if (current.status !== 'draft') throw new ConflictError('只有草稿可以删除', 'not_discardable');
    const next = {
      ...current,
      status: 'discarded' as const,
      version: current.version + 1,
      updatedAt: ctx.now,
    };
    return {
      action: 'nomination.discarded',
      campaignId: current.campaignId,
      next: { ...next, ...indexKeys(next) },
      changes: [{ field: 'status', before: current.status, after: next.status }],
    };
  });
}

/** Record that a photo upload was handed out: a new pending version on the nomination. */
export async function startPhotoUpload(
  principal: Principal,
  id: string,
  photoId: string,
  ctx: ChangeContext,
): Promise<NominationItem> {
  const n = await readNomination(principal, id);
  const category = categoryOf(await getCampaign(principal.campaignId), n.category);
  if (category?.kind !== 'person') {
    const label = category?.label ?? '集体';
    throw new ValidationError(`${label}不需要上传照片`, 'category', 'no_photo_for_collective');
  }
  const pending: PhotoVersion = { photoId, status: 'pending', uploadedAt: ctx.now };
  return changeRecord(nominationRecord(id), ctx, nominationNotFound, (current) => {
    if (!EDITABLE_STATUSES.includes(current.status))
      throw new ConflictError('只有草稿或被退回的推荐可以更换照片', 'not_editable');
    return {
      action: 'photo.upload_started',
      campaignId: current.campaignId,
      next: { ...current, photo: pending },
      changes: [{ field: 'photo', before: current.photo?.photoId ?? null, after: photoId }],
      with: [
        { Put: { TableName: tableName(), Item: { ...photoKey(id, photoId), type: 'photo', ...pending } } },
      ],
    };
  });
}

/** A list's filters, as the route's query schema (listFiltersSchema) parsed them. */
export type ListFilters = z.infer<typeof listFiltersSchema>;

/**
 * One page of the nominations a principal may see, with optional filters. A unit gets its own,
 * newest first (GSI1); others query the campaign by region and status (GSI2), or one unit's.
 */
export async function listNominations(
  principal: Principal,
  f: ListFilters,
): Promise<{ items: NominationItem[]; nextCursor?: string }> {
  const limit = f.limit ?? 20;
  const region = principal.role === 'county' ? principal.regionId : f.region;
  const unitId = principal.role === 'unit' ? principal.unitId : f.unit;

  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  const filters: string[] = [];
  let key: { IndexName: string; KeyConditionExpression: string; ScanIndexForward?: boolean };
  if (unitId) {
    key = { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ScanIndexForward: false };
    // Discarded drafts live in a partition of their own (see nominationByUnit).
    values[':pk'] = unitNominations(unitId, f.status === 'discarded');
    filters.push('campaignId = :campaign');
    values[':campaign'] = principal.campaignId;
    if (region) {
      filters.push('regionId = :region');
      values[':region'] = region;
    }
    if (f.status) {
      filters.push('#s = :status');
      values[':status'] = f.status;
    }
  } else {
    const prefix = region ? regionStatusPrefix(region, f.status) : '';
    key = {
      IndexName: 'gsi2',
      KeyConditionExpression: prefix ? 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)' : 'gsi2pk = :pk',
    };
    values[':pk'] = campaignNominations(principal.campaignId);
    if (prefix) values[':prefix'] = prefix;
    if (f.status && !region) {
      filters.push('#s = :status');
      values[':status'] = f.status;
    }
  }
  if (f.category) {
    filters.push('category = :category');
    values[':category'] = f.category;
  }
  // Discarded drafts are kept for the auditors; nobody else lists them.
  if (principal.role !== 'auditor') {
    filters.push('#s <> :discarded');
    values[':discarded'] = 'discarded';
  }
  // Nor do reviewers list what units have not submitted (the same rule as visibleTo).
  if (principal.role === 'county' || principal.role === 'city') {
    const own = UNIT_OWN_STATUSES.map((_, i) => `:own${i}`);
    filters.push(
      `NOT (#s IN (${own.join(', ')}))`,
      'NOT (#s = :withdrawn AND attribute_not_exists(submittedAt))',
    );
    UNIT_OWN_STATUSES.forEach((st, i) => {
      values[`:own${i}`] = st;
    });
    values[':withdrawn'] = 'withdrawn';
  }
  if (filters.some((x) => x.includes('#s'))) names['#s'] = 'status';
  const startKey =
    f.cursor === undefined
      ? undefined
      : decodeCursor(
          f.cursor,
          key.IndexName,
          values[':pk'] as string,
          values[':prefix'] as string | undefined,
        );
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      ...key,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return {
    items: (out.Items ?? []).map(parseNomination),
    ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
  };
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor is only ever a key we handed out for this very query: a nomination's table key and
 * its key in the index queried, in the partition (and under the prefix) the caller's query reads.
 * Anything else (another shape, another unit's or campaign's partition) is a 400, not a 500.
 */
function decodeCursor(
  cursor: string,
  index: string,
  partition: string,
  prefix?: string,
): Record<string, string> {
  const [ipk, isk] = index === 'gsi1' ? ['gsi1pk', 'gsi1sk'] : ['gsi2pk', 'gsi2sk'];
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {}
  const k = key as Record<string, unknown>;
  const fits =
    !!k &&
    typeof k === 'object' &&
    !Array.isArray(k) &&
    Object.keys(k).sort().join() === ['pk', 'sk', ipk, isk].sort().join() &&
    isNominationKey(k) &&
    k[ipk] === partition &&
    typeof k[isk] === 'string' &&
    (k[isk] as string).length < 200 &&
    (!prefix || (k[isk] as string).startsWith(prefix));
  if (!fits) throw new ValidationError('分页参数有误，请从第一页重新查看', 'cursor', 'bad_cursor');
  return k as Record<string, string>;
}

/** The nomination as the principal may see it. Phones are masked in lists. */
export function toView(
  n: NominationItem,
  campaign: Campaign,
  options: { inList: boolean; photos?: PhotoVersion[]; photoUrl?: string; role?: Principal['role'] },
): NominationView {
  const form = { ...n.form };
  if (options.inList && typeof form.phone === 'string') form.phone = maskPhone(form.phone);
  const problems = nominationProblems(
    n.category,
    { ...n.form, ...(n.idNumber ? { idNumber: n.idNumber.masked } : {}) },
    campaign,
  );
  return {
    id: n.id,
    campaignId: n.campaignId,
    regionId: n.regionId,
    regionName: regionName(campaign, n.regionId),
    unitId: n.unitId,
    unitName: n.unitName,
    category: n.category,
    status: n.status,
    form,
    ...(n.idNumber ? { idNumberMasked: n.idNumber.masked } : {}),
    version: n.version,
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
    ...(n.photo ? { photo: n.photo } : {}),
    ...(options.photoUrl ? { photoUrl: options.photoUrl } : {}),
    ...(options.photos ? { photos: options.photos } : {}),
    problems,
    ...(n.vote?.score !== undefined ? { score: n.vote.score } : {}),
    ...(options.inList ? {} : { process: processOf(n, campaign) }),
    ...(options.role ? { actions: actionsFor(n.status, options.role) } : {}),
  };
}

/** The process record, as the pages show it (who decided is kept in the audit history). */
function processOf(n: NominationItem, campaign: Campaign): NominationProcess {
  return {
    publicity: { unit: unitPublicityLength(campaign), final: finalPublicityLength(campaign) },
    countyReport: countyReportRequired(campaign),
    rankByScore: ranksByScore(campaign),
    opinionsRequired: opinionsOf(campaign),
    levels: levelNames(campaign.definition),
    ...(n.unitRecommendation ? { unitRecommendation: n.unitRecommendation } : {}),
    ...(n.unitPublicity ? { unitPublicity: n.unitPublicity } : {}),
    ...(n.submittedAt ? { submittedAt: n.submittedAt } : {}),
    ...(n.politicalReview ? { politicalReview: n.politicalReview } : {}),
    ...(n.opinions ? { opinions: n.opinions } : {}),
    ...(n.vote ? { vote: n.vote } : {}),
    ...(n.cityPublicity ? { cityPublicity: n.cityPublicity } : {}),
    ...(n.copiedFrom ? { copiedFrom: n.copiedFrom } : {}),
    ...(n.copiedTo ? { copiedTo: n.copiedTo } : {}),
    ...(n.decisions ? { decisions: n.decisions.map(({ by: _by, ...d }) => d) } : {}),
  };
}

/** The answer of a step: the nomination as its caller now sees it. */
export async function stepAnswer(n: NominationItem, principal: Principal): Promise<{ body: NominationView }> {
  return { body: toView(n, await getCampaign(n.campaignId), { inList: false, role: principal.role }) };
}
