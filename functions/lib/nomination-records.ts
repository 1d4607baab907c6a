/**
 * The stored nomination: its shape, its chain, reading it as a caller may see it, and recording a
 * processor's verdict on an upload. Kept apart from the use cases in nominations.ts so that the
 * upload processors, which need only this, carry neither the HTTP layer nor the KMS client.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Category } from '#shared/campaign';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { IdFacts } from '#shared/forms';
import type {
  DepartmentOpinion,
  NominationStatus,
  NomineePublicity,
  PhotoVersion,
  UnitPublicity,
  UnitRecommendation,
} from '#shared/nomination';
import { canSee, type Principal } from '#shared/roles';
import { isUnitsOwn, type OpinionDepartment, type Vote } from '#shared/workflow';
import { db, tableName } from './db.ts';
import { nominationByRegion, nominationByUnit, nominationKey, photoKey } from './keys.ts';
import type { Sealed } from './pii.ts';
import {
  type Audited,
  type ChangeContext,
  type ChangePlan,
  changeRecord,
  type TransactItem,
} from './records.ts';

/**
 * The ID number as stored: sealed (envelope encryption), its mask for display, and the facts
 * the form is checked against, so that editing never needs to decrypt it.
 */
export interface StoredIdNumber {
  sealed: Sealed;
  masked: string;
  facts: IdFacts;
}

/** A nomination as stored. The ID number is kept apart from the form, sealed, and never echoed. */
export interface NominationItem extends Audited {
  type: 'nomination';
  id: string;
  campaignId: string;
  regionId: string;
  unitId: string;
  unitName: string;
  category: Category;
  status: NominationStatus;
  form: Record<string, unknown>;
  idNumber?: StoredIdNumber;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** The newest photo upload and its verdict. */
  photo?: PhotoVersion;
  /** The newest accepted photo: what documents and exports use. */
  acceptedPhoto?: {
    photoId: string;
    key: string;
    sha256: string;
    /** The records bucket's version of the kept photo (cloud): links and exports read that one. */
    versionId?: string;
    width: number;
    height: number;
    bytes: number;
  };
  unitRecommendation?: UnitRecommendation;
  unitPublicity?: UnitPublicity;
  submittedAt?: string;
  /** The county's political review (政治审查). */
  politicalReview?: { passed: boolean; text: string; date: string };
  /** The opinions of 组织人事, 纪检监察 and 公安, each with its stamped scan. */
  opinions?: Partial<Record<OpinionDepartment, DepartmentOpinion>>;
  /** The day (China time) the county recommended it, taking a place of its quota: the 县（区）审核意见's date. */
  recommendedOn?: string;
  /** The review meeting's vote on this nominee. */
  vote?: Vote;
  /** The city publicity round it was published in. */
  cityPublicity?: NomineePublicity;
  /** The nomination this one was copied from, and the copy made of it. */
  copiedFrom?: string;
  copiedTo?: string;
  /** The date of the meeting that voted: the 市评选工作领导小组意见's date. */
  votedOn?: string;
  /** Every step taken with a reason (returns, declines, withdrawal, revocation), oldest first. */
  decisions?: { action: string; reason: string; at: string; by: string; role: string }[];
}

/** An objection (异议) about a nominee during the city publicity, a tracked case. */
export interface CaseItem {
  pk: string;
  sk: string;
  type: 'case';
  caseId: string;
  nominationId: string;
  campaignId: string;
  /** open: accepted and awaiting a decision; not_accepted: anonymous or without a phone (recorded only). */
  status: 'open' | 'not_accepted' | 'upheld' | 'dismissed';
  /** The short number the objector is given (20261206-0007); absent on cases filed before receipts. */
  receipt?: string;
  content: string;
  name?: string;
  phone?: string;
  filedAt: string;
  /** The city publicity round the objection was filed in. */
  round?: number;
  resolution?: { outcome: 'upheld' | 'dismissed'; reason: string; at: string; by: string };
}

export const caseKey = (nominationId: string, caseId: string) => ({
  pk: `NOM#${nominationId}`,
  sk: `CASE#${caseId}`,
});

/** Accepted objections about a nominee that are still open. */
export async function countOpenCases(nominationId: string): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
      FilterExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pk': nominationKey(nominationId).pk, ':case': 'CASE#', ':open': 'open' },
    }),
  );
  return out.Items?.length ?? 0;
}

export const chainOf = (id: string) => `NOM#${id}`;

/** The one answer for a nomination that does not exist or that the caller may not see. */
export const nominationNotFound = () => new NotFoundError('推荐对象不存在');

/** Read a nomination the principal may see; anything else is a 404, so nothing leaks. */
export async function readNomination(principal: Principal, id: string): Promise<NominationItem> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: nominationKey(id) }));
  return visibleTo(principal, out.Item as NominationItem | undefined);
}

/**
 * Reviewers (county, city office) do not read what a unit has not submitted (see isUnitsOwn).
 * Auditors do: they read every record (domain.md), a discarded or withdrawn draft included, and
 * every read of theirs is logged; they can never reveal an ID number.
 */
function reviewerMayNotSee(principal: Principal, item: NominationItem): boolean {
  return (principal.role === 'county' || principal.role === 'city') && isUnitsOwn(item);
}

/** The nomination if the principal may see it; anything else is a 404. Steps check it on the record they change. */
export function visibleTo(principal: Principal, item: NominationItem | undefined): NominationItem {
  if (!item || !canSee(principal, item)) throw nominationNotFound();
  if (item.status === 'discarded' && principal.role !== 'auditor') throw nominationNotFound();
  if (reviewerMayNotSee(principal, item)) throw nominationNotFound();
  return item;
}

/** A nomination read by the system itself (the processors), with no caller to check. */
export async function readNominationAsSystem(id: string): Promise<NominationItem> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: nominationKey(id) }));
  if (!out.Item) throw nominationNotFound();
  return out.Item as NominationItem;
}

/** The pending photo version awaiting a verdict, or null when it is unknown or already judged. */
export async function photoVersionPending(
  nominationId: string,
  photoId: string,
): Promise<PhotoVersion | null> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: photoKey(nominationId, photoId), ConsistentRead: true }),
  );
  return got.Item?.status === 'pending' ? (got.Item as PhotoVersion) : null;
}

/** The index keys of a nomination: its unit's list and the campaign's by region and status. */
export function indexKeys(n: Pick<NominationItem, 'campaignId' | 'regionId' | 'unitId' | 'status' | 'id'>) {
  return {
    ...nominationByUnit(n.unitId, n.id, n.status === 'discarded'),
    ...nominationByRegion(n.campaignId, n.regionId, n.status, n.id),
  };
}

/**
 * Record a processor's verdict on one upload (a photo or scan version) with its event on the
 * nomination's chain, exactly once: the plan's first `with` write must be conditioned on the
 * version still being pending; when it no longer is (S3 delivered the event twice), nothing
 * is written and the answer says so.
 */
export async function recordVerdictOnce(
  nominationId: string,
  ctx: ChangeContext,
  plan: (current: NominationItem) => ChangePlan<NominationItem> | Promise<ChangePlan<NominationItem>>,
): Promise<'recorded' | 'already-judged'> {
  try {
    await changeRecord<NominationItem>(
      nominationKey(nominationId),
      chainOf(nominationId),
      ctx,
      nominationNotFound,
      async (current) => ({
        ...(await plan(current)),
        onConflict: () => new ConflictError('已处理', 'already_judged'),
      }),
    );
    return 'recorded';
  } catch (e) {
    if (e instanceof ConflictError && e.code === 'already_judged') return 'already-judged';
    throw e;
  }
}

/** The processor's verdict on a photo upload. Idempotent: a version already judged is left alone. */
export async function recordPhotoVerdict(
  nominationId: string,
  verdict: PhotoVersion & { status: 'accepted' | 'refused' },
  stored: NominationItem['acceptedPhoto'] | undefined,
  ctx: ChangeContext,
): Promise<'recorded' | 'already-judged'> {
  const photoUpdate: TransactItem = {
    Put: {
      TableName: tableName(),
      Item: { ...photoKey(nominationId, verdict.photoId), type: 'photo', ...verdict },
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':pending': 'pending' },
    },
  };
  return recordVerdictOnce(nominationId, ctx, (current) => {
    const isNewest = current.photo?.photoId === verdict.photoId;
    const next = { ...current, ...(isNewest ? { photo: verdict } : {}) };
    if (verdict.status === 'accepted' && stored) next.acceptedPhoto = stored;
    return {
      action: verdict.status === 'accepted' ? 'photo.accepted' : 'photo.refused',
      campaignId: current.campaignId,
      next,
      changes: [
        { field: 'photo.status', before: 'pending', after: verdict.status },
        ...(verdict.reason ? [{ field: 'photo.reason', before: null, after: verdict.reason }] : []),
        ...(stored
          ? [
              {
                field: 'acceptedPhoto',
                before: current.acceptedPhoto?.photoId ?? null,
                after: stored.photoId,
              },
              // the stored file's hash, so the history alone says which file was accepted
              {
                field: 'acceptedPhoto.sha256',
                before: current.acceptedPhoto?.sha256 ?? null,
                after: stored.sha256,
              },
            ]
          : []),
      ],
      with: [photoUpdate],
    };
  });
}

export async function listPhotoVersions(nominationId: string): Promise<PhotoVersion[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :photo)',
      ExpressionAttributeValues: { ':pk': nominationKey(nominationId).pk, ':photo': 'PHOTO#' },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map(({ pk: _pk, sk: _sk, type: _t, ...v }) => v as PhotoVersion);
}
