/**
 * The stored nomination (its keys and shape: entities/nomination.ts): reading it as a caller may see it, and recording a
 * processor's verdict on an upload. Kept apart from the use cases in nominations.ts so that the
 * upload processors, which need only this, carry neither the HTTP layer nor the KMS client.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { PhotoVersion } from '#shared/nomination';
import { canSee, type Principal } from '#shared/roles';
import { isUnitsOwn } from '#shared/workflow';
import { db, tableName } from './db.ts';
import {
  CASE_PREFIX,
  maybe,
  type NominationItem,
  nominationKey,
  nominationRecord,
  PHOTO_PREFIX,
  parseNomination,
  photoKey,
  photoVersionOf,
} from './keys.ts';
import { type ChangeContext, type ChangePlan, changeRecord, type TransactItem } from './records.ts';

export type { CaseItem, NominationItem, StoredIdNumber } from './keys.ts';

/** Accepted objections about a nominee that are still open. */
export async function countOpenCases(nominationId: string): Promise<number> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
      FilterExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':pk': nominationKey(nominationId).pk,
        ':case': CASE_PREFIX,
        ':open': 'open',
      },
    }),
  );
  return out.Items?.length ?? 0;
}

/** The one answer for a nomination that does not exist or that the caller may not see. */
export const nominationNotFound = () => new NotFoundError('推荐对象不存在');

/** Read a nomination the principal may see; anything else is a 404, so nothing leaks. */
export async function readNomination(principal: Principal, id: string): Promise<NominationItem> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: nominationKey(id) }));
  return visibleTo(principal, maybe(parseNomination)(out.Item));
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
  return parseNomination(out.Item);
}

/** The pending photo version awaiting a verdict, or null when it is unknown or already judged. */
export async function photoVersionPending(
  nominationId: string,
  photoId: string,
): Promise<PhotoVersion | null> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: photoKey(nominationId, photoId), ConsistentRead: true }),
  );
  const version = maybe(photoVersionOf)(got.Item);
  return version?.status === 'pending' ? version : null;
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
      nominationRecord(nominationId),
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
      ExpressionAttributeValues: { ':pk': nominationKey(nominationId).pk, ':photo': PHOTO_PREFIX },
      ScanIndexForward: false,
    }),
  );
  return (out.Items ?? []).map(photoVersionOf);
}
