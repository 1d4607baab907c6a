/**
 * Fixed-window rate limits kept in the table (counters expire by TTL). Taking a slot is ONE
 * conditional UpdateItem: the count is added only while it is below the limit, so under any
 * number of parallel requests exactly `limit` get through per window. When the table cannot be
 * reached the limiter fails closed: 503, never a pass.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError, type TooManyRequestsError } from '#shared/errors';
import { db, tableName } from './db.ts';
import { parseRateWindow, rateKey } from './keys.ts';

/** One counter: what it counts (e.g. `login-ip#1.2.3.4`), how many per window, and the window's length. */
export interface Limit {
  scope: string;
  limit: number;
  windowSeconds: number;
}

/** A slot taken in a counter's current window, which may be given back (see giveBack). */
export interface Slot {
  key: { pk: string; sk: string };
}

function windowOf(l: Limit, now: Date): number {
  return Math.floor(now.getTime() / 1000 / l.windowSeconds) * l.windowSeconds;
}

/** Seconds until the counter's window ends. */
export function secondsLeft(l: Limit, now: Date): number {
  return Math.max(1, windowOf(l, now) + l.windowSeconds - Math.floor(now.getTime() / 1000));
}

/** The table could not be reached while checking a limit: fail closed with a 503, never a pass. */
export function unreachable(e: unknown): ServiceUnavailableError {
  console.error(JSON.stringify({ level: 'error', message: 'rate limiter unreachable', error: String(e) }));
  return new ServiceUnavailableError('服务暂时不可用，请稍后重试', 5, 'limiter_unavailable');
}

/**
 * Refuse at once when any of the counters is already full (a read, for requests that may not
 * count, such as a login with the right code): past the limit even a right code waits.
 */
export async function refuseWhenFull(
  limits: readonly Limit[],
  now: Date,
  tooMany: (retryAfterSeconds: number) => TooManyRequestsError,
): Promise<void> {
  const keys = limits.map((l) => rateKey(l.scope, windowOf(l, now)));
  let read: Record<string, unknown>[];
  try {
    const out = await db().send(
      new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: keys, ConsistentRead: true } } }),
    );
    read = out.Responses?.[tableName()] ?? [];
  } catch (e) {
    throw unreachable(e);
  }
  const found = read.map(parseRateWindow);
  limits.forEach((l, i) => {
    const key = keys[i] as { pk: string; sk: string };
    const c = found.find((x) => x.pk === key.pk && x.sk === key.sk);
    if ((c?.taken ?? 0) >= l.limit) throw tooMany(secondsLeft(l, now));
  });
}

/**
 * Count this request against `l`, or refuse it when the window is full (`tooMany` says how).
 * The count and the check are one conditional write.
 */
export async function takeSlot(
  l: Limit,
  now: Date,
  tooMany: (retryAfterSeconds: number) => TooManyRequestsError,
): Promise<Slot> {
  const window = windowOf(l, now);
  const key = rateKey(l.scope, window);
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'ADD taken :one SET expiresAt = :exp',
        ConditionExpression: 'attribute_not_exists(taken) OR taken < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': l.limit, ':exp': window + 2 * l.windowSeconds },
      }),
    );
    return { key };
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) throw tooMany(secondsLeft(l, now));
    throw unreachable(e);
  }
}

/**
 * Give a slot back (a request another limit refused, so it was never tried): only what was
 * tried stays counted. Best effort: a slot not given back only counts against its window.
 */
export async function giveBack(slot: Slot): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: slot.key,
        UpdateExpression: 'ADD taken :minus',
        ConditionExpression: 'taken > :zero',
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    );
  } catch (e) {
    console.error(JSON.stringify({ level: 'warn', message: 'rate slot not given back', error: String(e) }));
  }
}
