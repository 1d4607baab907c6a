/**
 * Reading the audit history: a chain's events, the campaign's log, the heads the records carry,
 * and anchors that pin them in the records bucket. Verification is audit-verify.ts.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchGetCommand, type BatchGetCommandOutput, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '#shared/audit';
import { canonicalJson, sha256Hex } from '#shared/audit';
import { db, getAll, queryAll, tableName } from './db.ts';
import {
  accountChain,
  accountKey,
  accountOfChain,
  anchorChain,
  campaignAccounts,
  campaignLog,
  campaignNominations,
  campaignParticipants,
  campaignPartition,
  chainEvents as chainPartition,
  EVENT_PREFIX,
  eventOf,
  logHeadKey,
  nominationChain,
  partitionChain,
  readsChain,
  seqOfEventKey,
} from './keys.ts';

export { anchorChain, eventOf };

import { appendToLog, type ChangeContext } from './records.ts';
import { recordsBucket, s3 } from './storage.ts';

/** A chain's events in position order, each with the position its key says. */
export async function chainEvents(
  chain: string,
  consistent = false,
): Promise<{ storedSeq: number; event: AuditEvent }[]> {
  const items = await queryAll({
    ConsistentRead: consistent,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
    ExpressionAttributeValues: { ':pk': chainPartition(chain), ':e': EVENT_PREFIX },
  });
  return items.map((i) => ({ storedSeq: seqOfEventKey(i.sk), event: eventOf(i) }));
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
      ExpressionAttributeValues: { ':pk': campaignLog(campaignId) },
      ExclusiveStartKey: startKey,
      Limit: limit,
    }),
  );
  return {
    events: (out.Items ?? []).map(eventOf),
    ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}),
  };
}

/** An anchor as kept in the records bucket: every chain's head at one moment. */
export interface AnchorFile {
  campaignId: string;
  at: string;
  headHash: string;
  chains: [string, number, string][];
}

/** The audited records of a campaign, each with its chain name and the head it carries. */
async function auditedRecords(campaignId: string): Promise<Map<string, { seq: number; hash: string }>> {
  const heads = new Map<string, { seq: number; hash: string }>();
  const add = (chain: string, item: Record<string, unknown>) => {
    if (typeof item.auditSeq === 'number')
      heads.set(chain, { seq: item.auditSeq, hash: String(item.auditHead) });
  };
  // only what a head needs: the many nominations and accounts are read without their contents
  const [partition, accounts, nominations] = await Promise.all([
    queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': campaignPartition(campaignId) },
    }),
    queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': campaignAccounts(campaignId) },
      ProjectionExpression: 'accountId, auditSeq, auditHead',
    }),
    queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': campaignNominations(campaignId) },
      ProjectionExpression: 'id, auditSeq, auditHead',
    }),
  ]);
  for (const i of partition) {
    const chain = partitionChain(campaignId, i);
    if (chain) add(chain, i);
  }
  for (const i of accounts) add(accountChain(String(i.accountId)), i);
  for (const i of nominations) add(nominationChain(String(i.id)), i);
  // accounts that joined the campaign from another: their heads are on their own account items
  const joined = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': campaignParticipants(campaignId) },
    ProjectionExpression: 'accountId',
  });
  const joinedHeads = await getAll(
    joined.map((i) => accountKey(String(i.accountId))),
    { expression: 'accountId, auditSeq, auditHead' },
  );
  for (const i of joinedHeads) add(accountChain(String(i.accountId)), i);
  return heads;
}

/**
 * The heads of the campaign's logs (records of no other kind): the anchors, and each account's
 * reads of personal data.
 */
async function logHeads(
  campaignId: string,
  records: Map<string, unknown>,
): Promise<Map<string, { seq: number; hash: string }>> {
  const chains = [
    anchorChain(campaignId),
    ...[...records.keys()].flatMap((c) => accountOfChain(c) ?? []).map(readsChain),
  ];
  const heads = new Map<string, { seq: number; hash: string }>();
  for (let at = 0; at < chains.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = chains
      .slice(at, at + 100)
      .map((chain) => ({ ...logHeadKey(chain) }));
    // unprocessed keys (throttling) are asked for again until none is left
    for (let attempt = 1; keys?.length; attempt++) {
      const out: BatchGetCommandOutput = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: { Keys: keys, ProjectionExpression: 'chain, auditSeq, auditHead' },
          },
        }),
      );
      for (const i of out.Responses?.[tableName()] ?? [])
        if (typeof i.auditSeq === 'number')
          heads.set(String(i.chain), { seq: i.auditSeq, hash: String(i.auditHead) });
      keys = out.UnprocessedKeys?.[tableName()]?.Keys;
      if (keys?.length && attempt >= 8) throw new Error('the audit log heads could not be read');
      if (keys?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  return heads;
}

/** Every chain's head as its record carries it, sorted by chain: read without reading the events. */
async function recordedHeads(campaignId: string): Promise<[string, number, string][]> {
  const records = await auditedRecords(campaignId);
  const heads = new Map([...records, ...(await logHeads(campaignId, records))]);
  return [...heads.keys()]
    .sort()
    .map((chain) => [chain, heads.get(chain)?.seq ?? 0, heads.get(chain)?.hash ?? '']);
}

/**
 * The campaign history's head hash as its records carry it: the value verifyCampaignAudit
 * recomputes from every event, got without reading the events (an export pins the state it shows
 * with it; an auditor's verification checks that the events still lead there).
 */
export async function campaignAuditHead(campaignId: string): Promise<string> {
  return sha256Hex(canonicalJson(await recordedHeads(campaignId)));
}

/**
 * Pin the campaign's whole history: write every chain's head to the records bucket (versioned,
 * under Object Lock where configured) and record the file's hash as an event of the campaign's
 * anchor chain. Later verifications compare the chains with the newest anchor.
 */
export async function anchorCampaignAudit(campaignId: string, ctx: ChangeContext) {
  // the heads the records carry: a verification checks that each chain still leads there
  const heads = (await recordedHeads(campaignId)).filter(([chain]) => chain !== anchorChain(campaignId));
  const headHash = await sha256Hex(canonicalJson(heads));
  const file: AnchorFile = { campaignId, at: ctx.now, headHash, chains: heads };
  const text = JSON.stringify(file);
  const key = `audit-anchors/${campaignId}/${ctx.now.replace(/[:.]/g, '-')}.json`;
  await s3().send(
    new PutObjectCommand({ Bucket: recordsBucket(), Key: key, Body: text, ContentType: 'application/json' }),
  );
  const sha256 = await sha256Hex(text);
  await appendToLog(anchorChain(campaignId), ctx, {
    action: 'audit.anchored',
    campaignId,
    changes: [{ field: 'anchor', before: null, after: { key, sha256, headHash, chains: heads.length } }],
  });
  return { key, sha256, headHash, chains: heads.length };
}
