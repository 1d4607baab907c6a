/**
 * An audit event (`AUDIT#<chain>` / `EVENT#<seq>`, the position padded to ten digits), and GSI1
 * `AUDITLOG#<campaign>`: the campaign's whole history in time order. Each chain's events live in
 * their own partition, so IAM can keep writers from rewriting them (`AUDIT#*`).
 *
 * An event read back is not refused by a schema: the verifier must report an edited or truncated
 * event as a break of its chain, not fail. `eventOf` keeps the fields the chain's hash covers.
 */
import type { AuditEvent } from '#shared/audit';
import type { Key } from './item.ts';

const SEQ_DIGITS = 10;

export const chainEvents = (chain: string) => `AUDIT#${chain}`;
export const EVENT_PREFIX = 'EVENT#';
export const auditEventKey = (chain: string, seq: number): Key => ({
  pk: chainEvents(chain),
  sk: `${EVENT_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}`,
});
/** The position an event's key says it stands at. */
export const seqOfEventKey = (sk: unknown) => Number(String(sk).slice(EVENT_PREFIX.length));

/** GSI1: the campaign's events. */
export const campaignLog = (campaignId: string) => `AUDITLOG#${campaignId}`;
export const auditByCampaign = (campaignId: string, at: string, chain: string, seq: number) => ({
  gsi1pk: campaignLog(campaignId),
  gsi1sk: `${at}#${chain}#${String(seq).padStart(SEQ_DIGITS, '0')}`,
});

const EVENT_FIELDS = [
  'chain',
  'seq',
  'campaignId',
  'at',
  'actor',
  'action',
  'changes',
  'requestId',
  'prevHash',
  'state',
  'hash',
] as const;

/** An event item as the chain defines it: key and index attributes removed. */
export function eventOf(item: Record<string, unknown>): AuditEvent {
  const event: Record<string, unknown> = {};
  for (const f of EVENT_FIELDS) if (f in item) event[f] = item[f];
  // the verifier judges the fields (a missing or edited one breaks the hash); nothing is assumed here
  return event as unknown as AuditEvent;
}
