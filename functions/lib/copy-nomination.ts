/**
 * A withdrawn or declined nomination (COPYABLE_STATUSES) copied into a new draft, so that the unit
 * never types a nomination again: the form, the ID number (sealed anew for the new record), the
 * unit's democratic recommendation and leadership decision, and the accepted photo (its object
 * copied inside the records bucket under the new nomination's key). The unit publicity and
 * everything after it start afresh.
 *
 * One transaction: the new draft with the first event of its own chain (`nomination.copied_from`),
 * and the original's link to it with an event on the original's chain (`nomination.copied_to`).
 */
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { ApiError, NotFoundError } from '#shared/errors';
import { levelNames } from '#shared/levels';
import type { Principal } from '#shared/roles';
import { decide } from '#shared/workflow';
import { getCampaign } from './campaigns.ts';
import { tableName } from './db.ts';
import { indexKeys, nominationChain, nominationKey, nominationRecord, photoKey } from './keys.ts';
import {
  type NominationItem,
  readNomination,
  readNominationAsSystem,
  visibleTo,
} from './nomination-records.ts';
import { storeIdNumber } from './nominations.ts';
import { openPii } from './pii.ts';
import { type ChangeContext, changeRecord, newRecordWrites, type TransactItem } from './records.ts';
import { photoRecordKey, recordsBucket, s3 } from './storage.ts';

/** Copy the nomination `id` into a new draft of the same unit; returns the new draft. */
export async function copyNomination(
  principal: Principal,
  id: string,
  ctx: ChangeContext,
): Promise<NominationItem> {
  const source = await readNomination(principal, id);
  const copyInUse = source.copiedTo
    ? await readNominationAsSystem(source.copiedTo).then(
        (c) => c.status !== 'discarded',
        () => false,
      )
    : false;
  const refusal = decide({
    status: source.status,
    action: 'copyToDraft',
    role: principal.role,
    facts: {
      category: source.category,
      levels: levelNames((await getCampaign(source.campaignId)).definition),
      ...(copyInUse ? { copiedTo: source.copiedTo } : {}),
    },
  });
  if (!refusal.ok) throw new ApiError(refusal.httpStatus, refusal.code, refusal.reason);

  const newId = ulid();
  const photoWrites: TransactItem[] = [];
  let acceptedPhoto: NominationItem['acceptedPhoto'];
  const from = source.acceptedPhoto;
  if (from) {
    // the photo's own object, copied server-side: the copy never depends on the original's key
    const photoId = ulid();
    const key = photoRecordKey(source.campaignId, newId, photoId);
    await s3().send(
      new CopyObjectCommand({
        Bucket: recordsBucket(),
        CopySource: `${recordsBucket()}/${from.key.split('/').map(encodeURIComponent).join('/')}`,
        Key: key,
      }),
    );
    acceptedPhoto = { ...from, photoId, key };
    photoWrites.push({
      Put: {
        TableName: tableName(),
        Item: {
          ...photoKey(newId, photoId),
          type: 'photo',
          photoId,
          status: 'accepted',
          width: from.width,
          height: from.height,
          bytes: from.bytes,
          sha256: from.sha256,
          uploadedAt: ctx.now,
          processedAt: ctx.now,
          copiedFrom: { nominationId: source.id, photoId: from.photoId },
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  const idNumber = source.idNumber
    ? { ...(await storeIdNumber(await openPii(source.idNumber.sealed, source.id), newId)) }
    : undefined;
  const base = {
    type: 'nomination' as const,
    id: newId,
    campaignId: source.campaignId,
    regionId: source.regionId,
    unitId: source.unitId,
    unitName: source.unitName,
    category: source.category,
    status: 'draft' as const,
    form: source.form,
    ...(idNumber ? { idNumber } : {}),
    ...(source.unitRecommendation ? { unitRecommendation: source.unitRecommendation } : {}),
    ...(acceptedPhoto
      ? {
          acceptedPhoto,
          photo: {
            photoId: acceptedPhoto.photoId,
            status: 'accepted' as const,
            uploadedAt: ctx.now,
            processedAt: ctx.now,
            width: acceptedPhoto.width,
            height: acceptedPhoto.height,
            bytes: acceptedPhoto.bytes,
            sha256: acceptedPhoto.sha256,
          },
        }
      : {}),
    copiedFrom: source.id,
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    createdBy: principal.accountId,
  };
  let created: NominationItem | undefined;
  await changeRecord<NominationItem>(
    nominationRecord(id),
    ctx,
    () => new NotFoundError('推荐对象不存在'),
    async (current) => {
      visibleTo(principal, current);
      // the original must still be an ended one (re-checked after any race)
      if (current.status !== source.status || current.copiedTo !== source.copiedTo) {
        throw new ApiError(409, 'conflict', '该推荐刚被修改，请刷新后重试');
      }
      const copy = await newRecordWrites<NominationItem>(nominationChain(newId), ctx, {
        action: 'nomination.copied_from',
        campaignId: base.campaignId,
        next: { ...nominationKey(newId), ...indexKeys(base), ...base },
        changes: [
          { field: 'copiedFrom', before: null, after: source.id },
          { field: 'status', before: null, after: 'draft' },
          ...(acceptedPhoto ? [{ field: 'acceptedPhoto', before: null, after: acceptedPhoto.photoId }] : []),
        ],
      });
      created = copy.item;
      return {
        action: 'nomination.copied_to',
        campaignId: current.campaignId,
        next: { ...current, copiedTo: newId },
        changes: [{ field: 'copiedTo', before: current.copiedTo ?? null, after: newId }],
        with: [...copy.writes, ...photoWrites],
      };
    },
  );
  return created as NominationItem;
}
