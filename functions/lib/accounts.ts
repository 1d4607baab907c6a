/**
 * Accounts and their access codes. A code is shown once when issued; only its SHA-256 is
 * stored (codes carry ~60 bits of randomness, so a plain hash cannot be reversed by guessing).
 */
import { createHash, randomInt } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { TooManyRequestsError, UnauthorizedError } from '#shared/errors';
import type { Principal, Role } from '#shared/roles';
import { db, getAll, queryAll, tableName } from './db.ts';
import {
  type AccountItem,
  accessCodeKey,
  accountChain,
  accountFields,
  accountKey,
  accountListed,
  chosenCampaignKey,
  maybe,
  type Participation,
  parseAccessCode,
  parseAccount,
  parseChosenCampaign,
  parseParticipation,
  participationKey,
  participationPrefix,
} from './keys.ts';
import { giveBack, refuseWhenFull, takeSlot, unreachable } from './rate-limit.ts';
import { type ChangeContext, createRecord } from './records.ts';

export type { AccountItem } from './keys.ts';

// No 0/O, 1/I/L: codes are read aloud and typed on phones.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new access code: 12 characters in groups of four, ~59 bits of randomness. */
export function newAccessCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Codes are compared case- and separator-insensitively. */
export function hashAccessCode(code: string): string {
  const normal = code.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return createHash('sha256').update(`pingxuan-code:${normal}`).digest('hex');
}

/** Only the participation's own fields (role and place in its campaign) of an item that carries them. */
export function asParticipation(p: Participation): Participation {
  return {
    campaignId: p.campaignId,
    role: p.role,
    ...(p.regionId ? { regionId: p.regionId } : {}),
    ...(p.unitId ? { unitId: p.unitId } : {}),
  };
}

/** The account's part in the campaign it was created in, named by the account item itself. */
export const homeParticipation = (a: AccountItem): Participation => asParticipation(a);

/** Who the account is in one campaign it takes part in (by default the one it was created in). */
export function principalOf(a: AccountItem, p: Participation = homeParticipation(a)): Principal {
  return {
    accountId: a.accountId,
    role: p.role,
    campaignId: p.campaignId,
    name: a.name,
    ...(p.regionId ? { regionId: p.regionId } : {}),
    ...(p.unitId ? { unitId: p.unitId } : {}),
  };
}

/** Every campaign the account takes part in: the one it was created in first, then those it joined. */
export async function participationsOf(a: AccountItem): Promise<Participation[]> {
  const joined = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
    ExpressionAttributeValues: { ':pk': accountKey(a.accountId).pk, ':sk': participationPrefix },
  });
  const home = homeParticipation(a);
  return [
    home,
    ...joined
      .map(parseParticipation)
      .filter((p) => p.campaignId !== home.campaignId)
      .map(asParticipation),
  ];
}

/** The account's part in this campaign, or undefined when it takes no part in it. */
export async function participationIn(
  a: AccountItem,
  campaignId: string,
): Promise<Participation | undefined> {
  if (campaignId === a.campaignId) return homeParticipation(a);
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: participationKey(a.accountId, campaignId) }),
  );
  const p = maybe(parseParticipation)(out.Item);
  return p && asParticipation(p);
}

/**
 * The campaign a login opens: the one the account chose last, while it still takes part in it;
 * else the one it was created in (first in `campaigns`), so joining a campaign never moves an
 * account's login elsewhere until it chooses.
 */
export async function openingCampaign(a: AccountItem, campaigns: Participation[]): Promise<Participation> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: chosenCampaignKey(a.accountId) }),
  );
  const chosen = maybe(parseChosenCampaign)(out.Item)?.campaignId;
  return campaigns.find((p) => p.campaignId === chosen) ?? homeParticipation(a);
}

/** Remember the campaign the account chose, for its next login (a preference: not audited). */
export async function rememberChoice(accountId: string, campaignId: string): Promise<void> {
  await db().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...chosenCampaignKey(accountId), type: 'chosen', campaignId },
    }),
  );
}

export async function getAccount(accountId: string): Promise<AccountItem | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: accountKey(accountId) }));
  return maybe(parseAccount)(out.Item);
}

/** The account's current session epoch (see AccountItem.sessionEpoch). */
export function sessionEpochOf(a: Pick<AccountItem, 'sessionEpoch'>): number {
  return a.sessionEpoch ?? 0;
}

const accountName = accountFields('accountId', 'name');

/**
 * The names of these accounts (the unit's or office's name), by account id: how the history
 * names who did what. Unknown ids are left out.
 */
export async function accountNames(accountIds: readonly string[]): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  const items = await getAll([...new Set(accountIds)].map(accountKey), {
    expression: 'accountId, #n',
    names: { '#n': 'name' },
  });
  for (const item of items) {
    const { accountId, name } = accountName(item);
    names[accountId] = name;
  }
  return names;
}

/** These accounts, by id (unknown ids left out). */
export async function accountsById(accountIds: readonly string[]): Promise<Map<string, AccountItem>> {
  const items = await getAll([...new Set(accountIds)].map(accountKey));
  return new Map(items.map(parseAccount).map((a) => [a.accountId, a]));
}

/** The account a code belongs to, or undefined (no limiter: for the seed and tools, never a request). */
export async function accountIdForCode(code: string): Promise<string | undefined> {
  const pointer = await db().send(
    new GetCommand({ TableName: tableName(), Key: accessCodeKey(hashAccessCode(code)) }),
  );
  return pointer.Item ? parseAccessCode(pointer.Item).accountId : undefined;
}

/** An account that may act now: exists, not revoked, not expired. */
export function isActive(a: AccountItem | undefined, now: Date): a is AccountItem {
  return !!a && !a.revokedAt && Date.parse(a.expiresAt) > now.getTime();
}

/** Failed logins allowed per window, per code and per client address. */
export const LOGIN_LIMITS = { windowSeconds: 15 * 60, perCode: 5, perClient: 30 } as const;

const tooManyLogins = (retry: number) =>
  new TooManyRequestsError(`登录失败次数过多，请 ${Math.ceil(retry / 60)} 分钟后再试`, retry);

/**
 * Exchange a code for its account. Every refusal looks the same, whether the code exists or not.
 * A full counter (per code, per client) refuses at once, even a right code. A failed attempt then
 * counts with one conditional write per counter, so parallel failures cannot overrun a limit:
 * exactly the limit's worth are told 401, every other one 429. Only failures count.
 */
export async function accountForCode(code: string, clientIp: string, now: Date): Promise<AccountItem> {
  const codeHash = hashAccessCode(code);
  const { windowSeconds } = LOGIN_LIMITS;
  const perClient = { scope: `login-ip#${clientIp}`, limit: LOGIN_LIMITS.perClient, windowSeconds };
  const perCode = { scope: `login-code#${codeHash}`, limit: LOGIN_LIMITS.perCode, windowSeconds };
  // the code's lookup is part of the limiter's check: a table out of reach refuses the login (503)
  const account = await accountIdForCode(code)
    .then((accountId) => (accountId ? getAccount(accountId) : undefined))
    .catch((e: unknown) => {
      throw unreachable(e);
    });
  if (isActive(account, now) && account.codeHash === codeHash) {
    await refuseWhenFull([perClient, perCode], now, tooManyLogins);
    return account;
  }

  // A wrong code: the conditional writes are the check (no read first, so a flood costs little).
  const client = await takeSlot(perClient, now, tooManyLogins);
  try {
    await takeSlot(perCode, now, tooManyLogins);
  } catch (e) {
    // Refused for the code: that failure is not counted against the client as well.
    await giveBack(client);
    throw e;
  }
  throw new UnauthorizedError('登录码无效或已失效', 'login_failed');
}

/** What the city office says when it creates an account. */
export interface NewAccount {
  role: Role;
  campaignId: string;
  regionId?: string;
  unitId?: string;
  name: string;
  expiresAt: string;
}

/**
 * Create an account with a fresh access code. The code is returned once, here, and only its
 * hash is stored; the account's own audit chain starts with its creation.
 */
export async function createAccount(
  spec: NewAccount,
  ctx: ChangeContext,
): Promise<{ account: AccountItem; code: string }> {
  const code = newAccessCode();
  const codeHash = hashAccessCode(code);
  const accountId = ulid();
  const account = await createRecord<AccountItem>(accountChain(accountId), ctx, {
    action: 'account.created',
    campaignId: spec.campaignId,
    next: {
      ...accountKey(accountId),
      ...accountListed(spec.campaignId, accountId),
      type: 'account',
      accountId,
      ...spec,
      codeHash,
      createdAt: ctx.now,
    },
    changes: Object.entries({ ...spec, code: '(已签发)' }).map(([field, after]) => ({
      field,
      before: null,
      after,
    })),
    with: [
      {
        Put: {
          TableName: tableName(),
          Item: { ...accessCodeKey(codeHash), type: 'code', accountId },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  });
  return { account, code };
}

/**
 * A per-client limit for public writes (objections): count this request, and refuse past the limit.
 * Fixed one-hour windows; the count and the check are one conditional write (see rate-limit.ts).
 */
export async function limitPerClient(
  scope: string,
  clientIp: string,
  now: Date,
  limit: { perHour: number },
): Promise<void> {
  await takeSlot(
    { scope: `${scope}#${clientIp}`, limit: limit.perHour, windowSeconds: 3600 },
    now,
    (retry) => new TooManyRequestsError(`提交过于频繁，请 ${Math.ceil(retry / 60)} 分钟后再试`, retry),
  );
}
