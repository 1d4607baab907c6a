/**
 * Reading and verifying the audit history. Every record's chain is recomputed from its events
 * and compared with the head the record carries; chains are found both from the campaign's
 * event log and from the records themselves, so a chain whose events were all deleted is
 * still found.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, type ChainBreak, canonicalJson, sha256Hex, verifyChain } from '#shared/audit';
import { now as clockNow } from './clock.ts';
import { db, queryAll, tableName } from './db.ts';
import { campaignKey, recordKeyOfChain } from './keys.ts';
import { appendToLog, type ChangeContext } from './records.ts';
import { recordsBucket, s3 } from './storage.ts';

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
  /** The newest anchor the history was checked against, if any. */
  anchor?: { key: string; at: string; headHash: string };
  checkedAt: string;
}

/** An anchor as kept in the records bucket: every chain's head at one moment. */
interface AnchorFile {
  campaignId: string;
  at: string;
  headHash: string;
  chains: [string, number, string][];
}

export const anchorChain = (campaignId: string) => `ANCHOR#${campaignId}`;

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
      ExpressionAttributeValues: { ':pk': campaignKey(campaignId).pk },
    }),
    queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}#ACCOUNTS` },
      ProjectionExpression: 'accountId, auditSeq, auditHead',
    }),
    queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `CAMPAIGN#${campaignId}#NOM` },
      ProjectionExpression: 'id, auditSeq, auditHead',
    }),
  ]);
  for (const i of partition) {
    if (i.type === 'campaign') add(`CAMPAIGN#${campaignId}`, i);
    if (i.type === 'unit') add(`UNIT#${i.unitId}`, i);
    if (i.type === 'report') add(`REPORT#${campaignId}.${i.regionId}`, i);
    if (i.type === 'export') add(`EXPORT#${i.exportId}`, i);
  }
  for (const i of accounts) add(`ACCOUNT#${i.accountId}`, i);
  for (const i of nominations) add(`NOM#${i.id}`, i);
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
    ...[...records.keys()].filter((c) => c.startsWith('ACCOUNT#')).map((c) => `READS#${c.slice(8)}`),
  ];
  const heads = new Map<string, { seq: number; hash: string }>();
  for (let at = 0; at < chains.length; at += 100) {
    let keys: Record<string, unknown>[] | undefined = chains
      .slice(at, at + 100)
      .map((chain) => ({ pk: `LOG#${chain}`, sk: 'HEAD' }));
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

/**
 * The campaign history's head hash as its records carry it: the value verifyCampaignAudit
 * recomputes from every event, got without reading the events (an export pins the state it shows
 * with it; an auditor's verification checks that the events still lead there).
 */
export async function campaignAuditHead(campaignId: string): Promise<string> {
  const records = await auditedRecords(campaignId);
  const heads = new Map([...records, ...(await logHeads(campaignId, records))]);
  const list: [string, number, string][] = [...heads.keys()]
    .sort()
    .map((chain) => [chain, heads.get(chain)?.seq ?? 0, heads.get(chain)?.hash ?? '']);
  return sha256Hex(canonicalJson(list));
}

/** Every chain of a campaign with its events, found from the records and from the event log. */
async function loadChains(campaignId: string) {
  const heads = await auditedRecords(campaignId);
  const logged = await queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `AUDITLOG#${campaignId}` },
    ProjectionExpression: 'chain',
  });
  const names = [...new Set([...heads.keys(), ...logged.map((i) => String(i.chain))])].sort();
  const chains: {
    chain: string;
    events: { storedSeq: number; event: AuditEvent }[];
    head: { seq: number; hash: string } | null;
  }[] = [];
  for (const chain of names) {
    let head = heads.get(chain) ?? null;
    if (!head) {
      // An event's record may lie outside the lists above; look it up by the chain's name.
      const key = recordKeyOfChain(chain, campaignId);
      const got = key ? await db().send(new GetCommand({ TableName: tableName(), Key: key })) : undefined;
      if (got?.Item && typeof got.Item.auditSeq === 'number')
        head = { seq: got.Item.auditSeq, hash: String(got.Item.auditHead) };
    }
    chains.push({ chain, events: await chainEvents(chain), head });
  }
  return chains;
}

/** Each chain's newest position and hash, and one hash over them all. */
async function summarise(chains: Awaited<ReturnType<typeof loadChains>>) {
  const heads: [string, number, string][] = chains.map(({ chain, events }) => {
    const last = events[events.length - 1];
    return [chain, last?.event.seq ?? 0, last?.event.hash ?? ''];
  });
  return { heads, headHash: await sha256Hex(canonicalJson(heads)) };
}

/**
 * Recompute every chain of a campaign and report the first broken link of each; then check the
 * newest anchor: every chain head it recorded must still be in the chain, so a history rewritten
 * with recomputed hashes since then is found too.
 */
export async function verifyCampaignAudit(campaignId: string, now = clockNow()): Promise<AuditReport> {
  const chains = await loadChains(campaignId);
  const breaks: ChainBreak[] = [];
  for (const { chain, events, head } of chains) {
    const broken = await verifyChain(chain, events, head);
    if (broken) breaks.push(broken);
  }
  const { headHash } = await summarise(chains);
  const anchor = await checkNewestAnchor(campaignId, chains, breaks);
  return {
    ok: breaks.length === 0,
    campaignId,
    chains: chains.length,
    events: chains.reduce((n, c) => n + c.events.length, 0),
    headHash,
    breaks: breaks.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.seq - b.seq)),
    ...(anchor ? { anchor } : {}),
    checkedAt: now.toISOString(),
  };
}

async function checkNewestAnchor(
  campaignId: string,
  chains: Awaited<ReturnType<typeof loadChains>>,
  breaks: ChainBreak[],
): Promise<AuditReport['anchor']> {
  const anchorEvents = chains.find((c) => c.chain === anchorChain(campaignId))?.events ?? [];
  const newest = anchorEvents[anchorEvents.length - 1]?.event;
  if (!newest) return undefined;
  const meta = newest.changes.find((c) => c.field === 'anchor')?.after as {
    key: string;
    sha256: string;
    headHash: string;
  };
  let file: AnchorFile;
  try {
    const out = await s3().send(new GetObjectCommand({ Bucket: recordsBucket(), Key: meta.key }));
    const text = (await out.Body?.transformToString('utf8')) ?? '';
    if ((await sha256Hex(text)) !== meta.sha256) throw new Error('changed');
    file = JSON.parse(text) as AnchorFile;
  } catch {
    breaks.push({
      chain: anchorChain(campaignId),
      seq: newest.seq,
      problem: 'edited',
      message: `锚点文件 ${meta.key} 缺失或被修改`,
    });
    return undefined;
  }
  const byChain = new Map(chains.map((c) => [c.chain, c.events]));
  for (const [chain, seq, hash] of file.chains) {
    if (seq === 0 || breaks.some((b) => b.chain === chain)) continue;
    const found = byChain.get(chain)?.[seq - 1]?.event;
    if (!found || found.hash !== hash) {
      breaks.push({
        chain,
        seq,
        problem: 'rewritten',
        message: `与 ${file.at} 的锚点不符：第 ${seq} 条记录已不是当时的记录（历史被改写）`,
      });
    }
  }
  return { key: meta.key, at: file.at, headHash: file.headHash };
}

/**
 * Pin the campaign's whole history: write every chain's head to the records bucket (versioned,
 * under Object Lock where configured) and record the file's hash as an event of the campaign's
 * anchor chain. Later verifications compare the chains with the newest anchor.
 */
export async function anchorCampaignAudit(campaignId: string, ctx: ChangeContext) {
  const chains = await loadChains(campaignId);
  const { heads, headHash } = await summarise(chains.filter((c) => c.chain !== anchorChain(campaignId)));
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
