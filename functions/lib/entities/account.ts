/**
 * An account (`ACCOUNT#<id>` / `ACCOUNT`, chain `ACCOUNT#<id>`), listed on GSI1 under its
 * campaign, and its access code's pointer (`CODE#<sha256>` / `CODE`): only the code's hash is stored.
 */
import * as z from 'zod/mini';
import { ROLES, type Role } from '#shared/roles';
import type { Audited } from '../records.ts';
import {
  auditedShape,
  itemParser,
  type Key,
  keyShape,
  projectionParser,
  type StoredRecord,
  time,
} from './item.ts';

export const accountKey = (accountId: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' });
export const accountChain = (accountId: string) => `ACCOUNT#${accountId}`;
/** The account whose chain this is, or null for another record's. */
export const accountOfChain = (chain: string) =>
  chain.startsWith(accountChain('')) ? chain.slice(accountChain('').length) : null;
/** GSI1: a campaign's accounts (for the city office's list and for audit verification). */
export const campaignAccounts = (campaignId: string) => `CAMPAIGN#${campaignId}#ACCOUNTS`;
export const accountListed = (campaignId: string, accountId: string) => ({
  gsi1pk: campaignAccounts(campaignId),
  gsi1sk: accountId,
});

/** An account as stored. */
export interface AccountItem extends Key {
  type: 'account';
  accountId: string;
  role: Role;
  campaignId: string;
  regionId?: string;
  unitId?: string;
  name: string;
  codeHash: string;
  expiresAt: string;
  revokedAt?: string;
  /**
   * Advanced by every revocation and every reissued code: a token carries the epoch it was issued
   * under and is refused once the account's is newer, so both end every earlier session at once.
   * Absent on accounts that were never revoked or reissued (epoch 0).
   */
  sessionEpoch?: number;
  createdAt: string;
}
const accountSchema = z.looseObject({
  ...auditedShape,
  type: z.literal('account'),
  accountId: z.string(),
  role: z.enum(ROLES),
  campaignId: z.string(),
  regionId: z.optional(z.string()),
  unitId: z.optional(z.string()),
  name: z.string(),
  codeHash: z.string(),
  expiresAt: time,
  revokedAt: z.optional(time),
  sessionEpoch: z.optional(z.number()),
  createdAt: time,
});
export const parseAccount = itemParser<AccountItem & Audited>('account', accountSchema);
/** The parser of a projection: see projectionParser. */
export const accountFields = projectionParser<AccountItem, typeof accountSchema>('account', accountSchema);
export const accountRecord = (accountId: string): StoredRecord<AccountItem & Audited> => ({
  key: accountKey(accountId),
  chain: accountChain(accountId),
  parse: parseAccount,
});

/** An access code's hash points at its account; the code itself is never stored. */
export const accessCodeKey = (codeHash: string): Key => ({ pk: `CODE#${codeHash}`, sk: 'CODE' });
export const parseAccessCode = itemParser<{ accountId: string }>(
  'access code',
  z.looseObject({ ...keyShape, accountId: z.string() }),
);
