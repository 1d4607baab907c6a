/**
 * Chains that belong to no business record keep their head in an item of their own
 * (`LOG#<chain>` / `HEAD`): each account's reads of personal data (`READS#<account>`) and each
 * campaign's anchors (`ANCHOR#<campaign>`). A read already logged in a session leaves a marker
 * (`READ#<session>` / `<action>#<nomination>`, TTL) written with its event.
 */
import * as z from 'zod/mini';
import type { Audited } from '../records.ts';
import { auditedShape, itemParser, type Key, type StoredRecord } from './item.ts';

export const logHeadKey = (chain: string): Key => ({ pk: `LOG#${chain}`, sk: 'HEAD' });
export const readsChain = (accountId: string) => `READS#${accountId}`;
export const anchorChain = (campaignId: string) => `ANCHOR#${campaignId}`;

export interface LogHeadItem extends Audited {
  type: 'log-head';
  chain: string;
}
export const parseLogHead = itemParser<LogHeadItem>(
  'log head',
  z.looseObject({ ...auditedShape, type: z.literal('log-head'), chain: z.string() }),
);
export const logHeadRecord = (chain: string): StoredRecord<LogHeadItem> => ({
  key: logHeadKey(chain),
  chain,
  parse: parseLogHead,
});

/** The marker of one personal-data read in one session (written only: its existence is the check). */
export const readMarkerKey = (sessionId: string, what: string, nominationId: string): Key => ({
  pk: `READ#${sessionId}`,
  sk: `${what}#${nominationId}`,
});
