/**
 * Reading and verifying the audit history. Every record's chain is recomputed from its events
 * and compared with the head the record carries; chains are found both from the campaign's
 * event log and from the records themselves, so a chain whose events were all deleted is
 * still found.
 */
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, type ChainBreak, canonicalJson, sha256Hex, verifyChain } from '#shared/audit';
import { db, tableName } from './db.ts';
import { campaignKey, recordKeyOfChain } from './keys.ts';

/** Every item a query returns, page by page. */
export async function queryAll(
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

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
  'hash',
];

/** An event item as the chain defines it: key and index attributes removed. */
export function eventOf(item: Record<string, unknown>): AuditEvent {
  return Object.fromEntries(
    EVENT_FIELDS.filter((f) => f in item).map((f) => [f, item[f]]),
  ) as unknown as AuditEvent;
}

/** A chain's events in position order, each with the position its key says. */
export async function chainEvents(chain: string): Promise<{ storedSeq: number; event: AuditEvent }[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
    ExpressionAttributeValues: { ':pk': `AUDIT#${chain}`, ':e': 'EVENT#' },
  });
  return items.map((i) => ({ storedSeq: Number(String(i.sk).slice(6)), event: eventOf(i) }));
}

/** The campaign's events in time order (GSI1), one page at a time. */
export async function campaignEvents(
  campaignId: string,
  startKey?: Record<string, unknown>,
  limit = 500,
): Promise<{ events: AuditEvent[]; next?: Record<string, unknown> }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `AUDITLOG#${campaignId}` },
      ExclusiveStartKey: startKey,
      Limit: limit,
    }),
  );
  return {
    events: (out.Items ?? []).map(eventOf),
    ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}),
  };
}

/** The outcome of verifying a campaign's whole history. */
export interface AuditReport {
  ok: boolean;
  campaignId: string;
  chains: number;
  events: number;
  /** SHA-256 over every chain's head: one value that pins the whole history at this moment. */
  headHash: string;
  /** The first break of each broken chain, ordered by chain. */
  breaks: ChainBreak[];
  checkedAt: string;
}

/** The audited records of a campaign, each with its chain name and head. */
async function auditedRecords(campaignId: string): Promise<Map<string, { seq: number; hash: string }>> {
  const heads = new Map<string, { seq: number; hash: string }>();
  const add = (chain: string, item: Record<string, unknown>) => {
    if (typeof item.auditSeq === 'number')
      heads.set(chain, { seq: item.auditSeq, hash: String(item.auditHead) });
  };
  const [partition, accounts, nominations] = await Promise.all([
    queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': campaignKey(campaignId).pk },
    }),
    queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}#ACCOUNTS` },
    }),
    queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}#NOM` },
    }),
  ]);
  for (const i of partition) {
    if (i.type === 'campaign') add(`CAMPAIGN#${campaignId}`, i);
    if (i.type === 'unit') add(`UNIT#${i.unitId}`, i);
  }
  for (const i of accounts) add(`ACCOUNT#${i.accountId}`, i);
  for (const i of nominations) add(`NOM#${i.id}`, i);
  return heads;
}

/** Recompute every chain of a campaign and report the first broken link of each. */
export async function verifyCampaignAudit(campaignId: string, now = new Date()): Promise<AuditReport> {
  const heads = await auditedRecords(campaignId);
  const logged = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `AUDITLOG#${campaignId}` },
    ProjectionExpression: 'chain',
  });
  const chains = [...new Set([...heads.keys(), ...logged.map((i) => String(i.chain))])].sort();
  const breaks: ChainBreak[] = [];
  let events = 0;
  const summary: [string, number, string][] = [];
  for (const chain of chains) {
    const list = await chainEvents(chain);
    events += list.length;
    let head = heads.get(chain) ?? null;
    if (!head) {
      // An event's record may lie outside the lists above; look it up by the chain's name.
      const key = recordKeyOfChain(chain, campaignId);
      const got = key ? await db().send(new GetCommand({ TableName: tableName(), Key: key })) : undefined;
      if (got?.Item && typeof got.Item.auditSeq === 'number')
        head = { seq: got.Item.auditSeq, hash: String(got.Item.auditHead) };
    }
    const broken = await verifyChain(chain, list, head);
    if (broken) breaks.push(broken);
    const last = list[list.length - 1];
    summary.push([chain, last?.event.seq ?? 0, last?.event.hash ?? '']);
  }
  return {
    ok: breaks.length === 0,
    campaignId,
    chains: chains.length,
    events,
    headHash: await sha256Hex(canonicalJson(summary)),
    breaks,
    checkedAt: now.toISOString(),
  };
}
