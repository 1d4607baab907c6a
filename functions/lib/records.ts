/**
 * Every change to a record is one DynamoDB transaction: the new record (guarded by its audit
 * sequence, so two writers can never fork its history), the audit event that carries the hash
 * of the record's previous event, and whatever else the step must change with it. Either all
 * of it is written or none.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditedState, type FieldChange, GENESIS_HASH, sealEvent } from '#shared/audit';
import { type ApiError, ConflictError } from '#shared/errors';
import type { Role } from '#shared/roles';
import { db, tableName } from './db.ts';
import { auditByCampaign, auditEventKey, type Key, logHeadRecord, type StoredRecord } from './keys.ts';

/** Who acts, in which request, at what time (and in which signed-in session, when there is one). */
export interface ChangeContext {
  actor: { accountId: string; role: Role | 'system' };
  requestId: string;
  now: string;
  /** A digest of the caller's token: one login's session (see logPersonalDataRead). */
  sessionId?: string;
}

/** What every audited record carries: the position and hash of its newest event. */
export interface Audited extends Key {
  auditSeq: number;
  auditHead: string;
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A step's plan: the record as it should be after the step, what changed, and what goes with it. */
export interface ChangePlan<T> {
  action: string;
  campaignId: string;
  next: Omit<T, 'auditSeq' | 'auditHead'>;
  changes: FieldChange[];
  /** Other writes of the same step (a photo version, a quota counter …). */
  with?: TransactItem[];
  /** The error to answer when one of `with` fails its condition (index into `with`). */
  onConflict?: (index: number) => ApiError;
}

/** Attempts before a step that keeps losing races gives up with a 409 (enough for 50 at once). */
const MAX_ATTEMPTS = 12;

/** Create a record and the first event of its chain. Fails with 409 if the key exists. */
export async function createRecord<T extends Key>(
  chain: string,
  ctx: ChangeContext,
  plan: ChangePlan<T>,
): Promise<T & Audited> {
  const { item, writes } = await newRecordWrites(chain, ctx, plan);
  await write([...writes, ...(plan.with ?? [])]).catch((e) => {
    throw mapCancel(e, plan, () => new ConflictError('记录已存在', 'already_exists'));
  });
  return item;
}

/**
 * The writes that create a record with the first event of its chain, for a transaction that
 * changes another record too (a copy and its original, in one step). Fails if the key exists.
 */
export async function newRecordWrites<T extends Key>(
  chain: string,
  ctx: ChangeContext,
  plan: Omit<ChangePlan<T>, 'with' | 'onConflict'>,
): Promise<{ item: T & Audited; writes: TransactItem[] }> {
  const event = await sealEvent(await eventBody(chain, 1, GENESIS_HASH, ctx, plan));
  const item = { ...plan.next, auditSeq: 1, auditHead: event.hash } as T & Audited;
  return {
    item,
    writes: [
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      eventPut(event),
    ],
  };
}

/**
 * Read a record (checked by its entity's parser), plan the change, and write it with its event. When another writer got in
 * between (the audit sequence moved), read again and re-plan: the plan decides anew whether
 * the step still applies (e.g. a stale user-visible version is then a 409).
 */
export async function changeRecord<T extends Audited>(
  record: StoredRecord<T>,
  ctx: ChangeContext,
  missing: () => ApiError,
  plan: (current: T) => ChangePlan<T> | Promise<ChangePlan<T>>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { key, chain, parse } = record;
    const got = await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
    if (!got.Item) throw missing();
    const current = parse(got.Item);
    const p = await plan(current);
    const event = await sealEvent(await eventBody(chain, current.auditSeq + 1, current.auditHead, ctx, p));
    const item = { ...p.next, auditSeq: event.seq, auditHead: event.hash } as T;
    try {
      await write([
        {
          Put: {
            TableName: tableName(),
            Item: item,
            ConditionExpression: 'auditSeq = :seq',
            ExpressionAttributeValues: { ':seq': current.auditSeq },
          },
        },
        eventPut(event),
        ...(p.with ?? []),
      ]);
      return item;
    } catch (e) {
      // Retry when another writer got in first: this record moved on, or DynamoDB cancelled the
      // transaction because another one held an item (a shared quota counter, say). A condition
      // that failed on one of the step's other items is an answer, not a race.
      const codes = isCancelled(e) ? reasonCodes(e) : [];
      const raced = codes.slice(0, 2).some((c) => c !== 'None') || codes.includes('TransactionConflict');
      if (raced && attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** Math.min(attempt, 5)));
        continue;
      }
      throw mapCancel(e, p, () => new ConflictError('记录正被他人修改，请稍后重试', 'busy'));
    }
  }
}

/** The event of a step: what changed, and the state the record is written in (so a verifier can tell a record changed behind the history's back). */
async function eventBody(
  chain: string,
  seq: number,
  prevHash: string,
  ctx: ChangeContext,
  plan: Pick<ChangePlan<unknown>, 'campaignId' | 'action' | 'changes' | 'next'>,
) {
  return {
    chain,
    seq,
    campaignId: plan.campaignId,
    at: ctx.now,
    actor: ctx.actor,
    action: plan.action,
    changes: plan.changes,
    requestId: ctx.requestId,
    prevHash,
    state: await auditedState(plan.next as Record<string, unknown>),
  };
}

function eventPut(event: AuditEvent): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...auditEventKey(event.chain, event.seq),
        ...auditByCampaign(event.campaignId, event.at, event.chain, event.seq),
        type: 'event',
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

async function write(items: TransactItem[]): Promise<void> {
  await db().send(new TransactWriteCommand({ TransactItems: items }));
}

function isCancelled(e: unknown): e is TransactionCanceledException {
  return e instanceof TransactionCanceledException || (e as Error)?.name === 'TransactionCanceledException';
}

function reasonCodes(e: TransactionCanceledException): string[] {
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/** Turn a cancelled transaction into the client-facing reason; anything else stays a 500. */
function mapCancel(e: unknown, plan: ChangePlan<unknown>, recordConflict: () => ApiError): unknown {
  if (!isCancelled(e)) return e;
  const codes = reasonCodes(e);
  const failedWith = codes.slice(2).indexOf('ConditionalCheckFailed');
  if (failedWith >= 0 && plan.onConflict) return plan.onConflict(failedWith);
  return recordConflict();
}

/**
 * Append an event to a chain that belongs to no business record (e.g. an account's reads of
 * personal data). The chain's head lives in an item of its own, created with the first event.
 */
export async function appendToLog(
  chain: string,
  ctx: ChangeContext,
  event: {
    action: string;
    campaignId: string;
    changes: FieldChange[];
    with?: TransactItem[];
    onConflict?: (index: number) => ApiError;
  },
): Promise<void> {
  const head = logHeadRecord(chain);
  const plan = { ...event, next: { ...head.key, type: 'log-head' as const, chain } };
  for (let attempt = 1; ; attempt++) {
    try {
      await changeRecord(
        head,
        ctx,
        () => new ConflictError('', 'missing'),
        () => plan,
      );
      return;
    } catch (e) {
      if (!(e instanceof ConflictError && e.code === 'missing')) throw e;
    }
    try {
      await createRecord(chain, ctx, plan);
      return;
    } catch (e) {
      // Someone else created the head first: append behind it.
      if (!(e instanceof ConflictError && e.code === 'already_exists') || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}
