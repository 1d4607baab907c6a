/**
 * Objection cases as the city office works them: each names its nominee, unit and region; each
 * carries a short receipt number the objector is given (20261206-0007: the day in China and the
 * day's sequence); and the objector's phone is shown whole only on request, each time logged.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type Campaign, type Category, categoryBriefs, nomineeNameIn } from '#shared/campaign';
import { NotFoundError } from '#shared/errors';
import { maskPhone } from '#shared/id-number';
import type { Principal } from '#shared/roles';
import { regionName } from './campaigns.ts';
import { chinaToday } from './clock.ts';
import { db, tableName } from './db.ts';
import {
  caseKey,
  maybe,
  nominationFields,
  nominationKey,
  nominationRecord,
  parseCase,
  parseReceiptCounter,
  receiptCounterKey,
} from './keys.ts';
import { type ChangeContext, changeRecord } from './records.ts';

/**
 * The next receipt number of the day the objection is filed (China time): an atomic counter per
 * campaign and day, so two objections never share a number. A number whose objection then fails
 * to be written is skipped, never reused.
 */
export async function nextReceipt(campaignId: string, now: string): Promise<string> {
  const day = chinaToday(new Date(now)).replaceAll('-', '');
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: receiptCounterKey(campaignId, day),
      UpdateExpression: 'ADD #n :one SET #t = :t',
      ExpressionAttributeNames: { '#n': 'issued', '#t': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':t': 'receipt-counter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return `${day}-${String(parseReceiptCounter(out.Attributes).issued).padStart(4, '0')}`;
}

/** Who an objection is about, as the office reads it. */
export interface CaseNominee {
  name: string;
  unitName: string;
  regionId: string;
  regionName: string;
  category: Category;
}

const nomineeFields = nominationFields('id', 'category', 'form', 'unitName', 'regionId');
type NomineeFields = ReturnType<typeof nomineeFields>;

/** Each case with its nominee's name, unit and region (one batched read for the whole list). */
export async function withNominees<T extends { nominationId: string }>(
  campaign: Campaign,
  cases: T[],
): Promise<(T & { nominee?: CaseNominee })[]> {
  const ids = [...new Set(cases.map((c) => c.nominationId))];
  const categories = categoryBriefs(campaign);
  // never the ID number or the rest of the form: only the fields that name a nominee
  const names = [...new Set(categories.map((c) => c.nameField))];
  const found = new Map<string, NomineeFields>();
  for (let at = 0; at < ids.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = ids
      .slice(at, at + 100)
      .map((id) => ({ ...nominationKey(id) }));
    while (keys && keys.length > 0) {
      const out: BatchGetCommandOutput = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: {
              Keys: keys,
              ProjectionExpression: `id, category, ${names.map((_, i) => `form.#f${i}`).join(', ')}, unitName, regionId`,
              ExpressionAttributeNames: Object.fromEntries(names.map((f, i) => [`#f${i}`, f])),
            },
          },
        }),
      );
      for (const item of out.Responses?.[tableName()] ?? []) found.set(String(item.id), nomineeFields(item));
      keys = out.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return cases.map((c) => {
    const n = found.get(c.nominationId);
    if (!n) return c;
    return {
      ...c,
      nominee: {
        name: nomineeNameIn(categories, n),
        unitName: n.unitName,
        regionId: n.regionId,
        regionName: regionName(campaign, n.regionId),
        category: n.category,
      },
    };
  });
}

/**
 * The city office sees the objector's whole phone number, to call back as the public page
 * promises. Each reveal is an event on the nominee's chain (who, when, which case), like an ID
 * number's.
 */
export async function revealObjectorPhone(
  principal: Principal,
  nominationId: string,
  caseId: string,
  ctx: ChangeContext,
): Promise<string> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: caseKey(nominationId, caseId), ConsistentRead: true }),
  );
  const item = maybe(parseCase)(got.Item);
  if (!item || item.campaignId !== principal.campaignId) throw new NotFoundError('异议件不存在');
  const phone = item.phone;
  if (!phone) throw new NotFoundError('反映人未留联系电话', 'no_phone');
  await changeRecord(
    nominationRecord(nominationId),
    ctx,
    () => new NotFoundError('异议件不存在'),
    (current) => ({
      action: 'pii.objector_phone_revealed',
      campaignId: current.campaignId,
      next: current,
      changes: [
        { field: 'case', before: null, after: item.receipt ?? caseId },
        { field: 'case.phone', before: null, after: maskPhone(phone) },
      ],
    }),
  );
  return phone;
}
