/**
 * Verifying a campaign's whole history, at any scale, in flat memory: the records are walked
 * page by page and their chains checked with bounded concurrency. For each chain: its events
 * (hashes, links, positions, the record's head), the record against the state its newest event
 * sealed, and the newest anchor. Then every chain the event log knows but no record carries,
 * every quota and share counter against the nominations holding a place, and every accepted photo against
 * the SHA-256 its record holds. The verification job, the CLI and the audit-log export all run
 * this one function.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEvent,
  type ChainBreak,
  canonicalJson,
  quotaBreak,
  recordBreak,
  sha256Hex,
  verifyChain,
} from '#shared/audit';
import { type Campaign, type Category, categoryIds } from '#shared/campaign';
import { regionTagged, shareLimits } from '#shared/share-rules';
import { QUOTA_STATUSES } from '#shared/workflow';
import { type AnchorFile, anchorChain, chainEvents, eventOf } from './audit.ts';
import { db, queryPages, tableName } from './db.ts';
import {
  accountChain,
  campaignAccounts,
  campaignLog,
  campaignNominations,
  campaignPartition,
  chainEvents as chainPartition,
  EVENT_PREFIX,
  type Key,
  logHeadKey,
  maybe,
  nominationChain,
  parseCampaign,
  parseQuota,
  parseShare,
  partitionChain,
  quotaKey,
  quotaLabel,
  readsChain,
  recordKeyOfChain,
  regionStatusPrefix,
  shareKey,
  shareLabel,
} from './keys.ts';
import { recordsBucket, s3 } from './storage.ts';

/** The outcome of verifying a campaign's whole history. */
export interface AuditReport {
  ok: boolean;
  campaignId: string;
  chains: number;
  events: number;
  /** SHA-256 over every chain's head: one value that pins the whole history at this moment. */
  headHash: string;
  /** The first break of each broken chain (and each wrong counter or file), ordered by chain. */
  breaks: ChainBreak[];
  /** What was compared beyond the chains: records with their sealed state, counters, photos. */
  checked: { records: number; unsealed: number; quotas: number; photos: number };
  /** The newest anchor the history was checked against, if any. */
  anchor?: { key: string; at: string; headHash: string };
  checkedAt: string;
}

/** How far a verification has come: records (and log chains) checked, of how many. */
export interface VerifyProgress {
  done: number;
  total: number;
}

export interface VerifyOptions {
  /** Chains checked at once (each is one paginated query, and a photo read for a nomination). */
  concurrency?: number;
  /** Called as records are checked, at most every `progressEvery` records and at the end. */
  onProgress?: (p: VerifyProgress) => void | Promise<void>;
  progressEvery?: number;
}

type Head = { seq: number; hash: string };
type Item = Record<string, unknown>;

/** Run `work` on each item, at most `limit` at a time; resolves when every one is done. */
async function boundedEach<T>(
  source: AsyncIterable<T[]>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const page of source) {
    for (const item of page) {
      const p: Promise<void> = work(item).finally(() => running.delete(p));
      running.add(p);
      if (running.size >= limit) await Promise.race(running);
    }
  }
  await Promise.all(running);
}

/** A list as a source of one page, for boundedEach. */
async function* onePage<T>(items: T[]): AsyncIterable<T[]> {
  yield items;
}

async function countOf(input: Parameters<typeof queryPages>[0]): Promise<number> {
  let n = 0;
  let start: Item | undefined;
  do {
    const out = await db().send(
      new QueryCommand({ TableName: tableName(), ...input, Select: 'COUNT', ExclusiveStartKey: start }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
}

const nominationsQuery = (campaignId: string) => ({
  IndexName: 'gsi2',
  KeyConditionExpression: 'gsi2pk = :pk',
  ExpressionAttributeValues: { ':pk': campaignNominations(campaignId) },
});
const accountsQuery = (campaignId: string) => ({
  IndexName: 'gsi1',
  KeyConditionExpression: 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': campaignAccounts(campaignId) },
});
const partitionQuery = (campaignId: string) => ({
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': campaignPartition(campaignId) },
});

/** The newest anchor: its file, checked against the hash its event recorded. */
async function newestAnchor(
  campaignId: string,
  breaks: ChainBreak[],
): Promise<{ file: AnchorFile; key: string; chains: Map<string, [number, string]> } | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': chainPartition(anchorChain(campaignId)), ':e': EVENT_PREFIX },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const newest = out.Items?.[0] ? eventOf(out.Items[0]) : undefined;
  if (!newest) return undefined;
  const meta = newest.changes.find((c) => c.field === 'anchor')?.after as
    | { key: string; sha256: string }
    | undefined;
  try {
    if (!meta) throw new Error('no anchor');
    const got = await s3().send(new GetObjectCommand({ Bucket: recordsBucket(), Key: meta.key }));
    const text = (await got.Body?.transformToString('utf8')) ?? '';
    if ((await sha256Hex(text)) !== meta.sha256) throw new Error('changed');
    const file = JSON.parse(text) as AnchorFile;
    return {
      file,
      key: meta.key,
      chains: new Map(file.chains.map(([chain, seq, hash]) => [chain, [seq, hash]])),
    };
  } catch {
    breaks.push({
      chain: anchorChain(campaignId),
      seq: newest.seq,
      problem: 'file-mismatch',
      fields: ['anchor'],
      message: `锚点文件 ${meta?.key ?? ''} 缺失或被替换（与审计记录中的 SHA-256 不符）`,
    });
    return undefined;
  }
}

/** The stored file's SHA-256, or null when it is gone. */
async function storedSha256(key: string): Promise<string | null> {
  try {
    const got = await s3().send(new GetObjectCommand({ Bucket: recordsBucket(), Key: key }));
    const hash = createHash('sha256');
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    return hash.digest('hex');
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey' || (e as Error).name === 'NotFound') return null;
    throw e;
  }
}

/**
 * Recompute every chain of a campaign and compare each record with its history; report the first
 * break of each chain, and each quota counter and stored photo that disagrees with the records.
 */
export async function verifyCampaignAudit(
  campaignId: string,
  now = new Date(),
  options: VerifyOptions = {},
): Promise<AuditReport> {
  const concurrency = options.concurrency ?? 24;
  const breaks: ChainBreak[] = [];
  const anchor = await newestAnchor(campaignId, breaks);
  const heads: [string, number, string][] = [];
  const seen = new Set<string>();
  const checked = { records: 0, unsealed: 0, quotas: 0, photos: 0 };
  let events = 0;
  const places = new Map<string, number>();
  let campaign: Campaign | undefined;
  const accounts: string[] = [];

  // Two reads run beside the walk: the count of what it will check (for the progress), and the
  // names of the chains the event log knows (for chains no record carries any more).
  const progress = { done: 0, total: 0 };
  const counting = Promise.all([
    countOf(nominationsQuery(campaignId)),
    countOf(accountsQuery(campaignId)),
    countOf(partitionQuery(campaignId)),
  ]).then(([nominations, accountCount, partitionCount]) => {
    // each account's reads chain, and the anchor chain
    progress.total += nominations + 2 * accountCount + partitionCount + 1;
  });
  const loggedChains = new Set<string>();
  const listing = (async () => {
    const pages = queryPages({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': campaignLog(campaignId) },
      ProjectionExpression: 'chain',
    });
    for await (const page of pages) for (const e of page) loggedChains.add(String(e.chain));
  })();
  // awaited below; until then a failure must not go unhandled
  counting.catch(() => undefined);
  listing.catch(() => undefined);
  const every = options.progressEvery ?? 200;
  let reported = 0;
  const tick = async (force = false) => {
    if (!options.onProgress || (!force && progress.done - reported < every)) return;
    reported = progress.done;
    await options.onProgress({ done: progress.done, total: Math.max(progress.total, progress.done) });
  };

  /** One chain: its events, its record's head and state, the anchor, and a photo's file. */
  const checkChain = async (chain: string, record: Item | null, again = false): Promise<void> => {
    const found = await chainEvents(chain, again);
    const head: Head | null =
      record && typeof record.auditSeq === 'number'
        ? { seq: record.auditSeq, hash: String(record.auditHead) }
        : null;
    let broken = await verifyChain(chain, found, head);
    const newest = found[found.length - 1]?.event;
    if (!broken && record && newest && !newest.state && !again) checked.unsealed++;
    if (!broken && record) broken = await recordBreak(chain, found, record);
    if (!broken && anchor) broken = anchorBreak(chain, found, anchor);
    if (!broken && record?.type === 'nomination') broken = await photoBreak(chain, record, again);
    if (broken && !again) {
      // A record read from an index may be a step behind its chain: read both again, strongly.
      const key = recordKeyOfChain(chain, campaignId);
      const fresh = key
        ? await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))
        : undefined;
      return checkChain(chain, fresh?.Item ?? null, true);
    }
    if (broken) breaks.push(broken);
    events += found.length;
    heads.push([chain, newest?.seq ?? 0, newest?.hash ?? '']);
  };

  const photoBreak = async (chain: string, n: Item, again: boolean): Promise<ChainBreak | null> => {
    const photo = n.acceptedPhoto as { key?: string; sha256?: string } | undefined;
    if (!photo?.key || !photo.sha256) return null;
    if (!again) checked.photos++;
    const actual = await storedSha256(photo.key);
    if (actual === photo.sha256) return null;
    return {
      chain,
      seq: Number(n.auditSeq ?? 0),
      problem: 'file-mismatch',
      fields: ['acceptedPhoto'],
      message: actual
        ? `证件照文件 ${photo.key} 与记录的 SHA-256 不符（文件被替换）`
        : `证件照文件 ${photo.key} 缺失（被删除）`,
    };
  };

  const visit = async (chain: string, record: Item | null) => {
    if (seen.has(chain)) return;
    seen.add(chain);
    await checkChain(chain, record);
    if (record) checked.records++;
    progress.done++;
    await tick();
  };

  await boundedEach(queryPages(partitionQuery(campaignId)), concurrency, async (i) => {
    if (i.type === 'campaign') campaign = parseCampaign(i).campaign;
    const chain = partitionChain(campaignId, i);
    if (chain) await visit(chain, i);
    else progress.total--;
  });
  await boundedEach(queryPages(accountsQuery(campaignId)), concurrency, async (i) => {
    accounts.push(String(i.accountId));
    await visit(accountChain(String(i.accountId)), i);
  });
  await boundedEach(queryPages(nominationsQuery(campaignId)), concurrency, async (n) => {
    if (QUOTA_STATUSES.includes(n.status as never)) {
      const k = `${n.regionId}#${n.category}`;
      places.set(k, (places.get(k) ?? 0) + 1);
    }
    await visit(nominationChain(String(n.id)), n);
  });
  // the logs that belong to no business record: each account's reads, the anchors
  const logs = [anchorChain(campaignId), ...accounts.map(readsChain)];
  await boundedEach(onePage(logs), concurrency, async (chain) => {
    const got = await db().send(new GetCommand({ TableName: tableName(), Key: logHeadKey(chain) }));
    // a reader who never read personal data has no chain, and nothing to check
    if (got.Item) await visit(chain, got.Item);
    else progress.total--;
  });
  // chains the event log knows but no record listed above carries (their record gone, or elsewhere)
  await Promise.all([counting, listing]);
  const unlisted = [...loggedChains].filter((c) => !seen.has(c));
  loggedChains.clear();
  await boundedEach(onePage(unlisted), concurrency, async (chain) => {
    progress.total++;
    const key = recordKeyOfChain(chain, campaignId);
    const got = key ? await db().send(new GetCommand({ TableName: tableName(), Key: key })) : undefined;
    await visit(chain, got?.Item ?? null);
  });
  if (anchor) {
    // a chain the anchor pinned that no longer exists at all
    for (const [chain, [seq]] of anchor.chains)
      if (seq > 0 && !seen.has(chain))
        breaks.push({
          chain,
          seq,
          problem: 'rewritten',
          message: `与 ${anchor.file.at} 的锚点不符：该链已不存在（历史被删除）`,
        });
  }
  if (campaign) {
    const quotas = await checkQuotas(campaign, places);
    checked.quotas = quotas.checked;
    breaks.push(...quotas.breaks);
  }
  await tick(true);

  heads.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ok: breaks.length === 0,
    campaignId,
    chains: heads.length,
    events,
    headHash: await sha256Hex(canonicalJson(heads)),
    breaks: breaks.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.seq - b.seq)),
    checked,
    ...(anchor ? { anchor: { key: anchor.key, at: anchor.file.at, headHash: anchor.file.headHash } } : {}),
    checkedAt: now.toISOString(),
  };
}

/** Every head the newest anchor recorded for this chain must still be in it. */
function anchorBreak(
  chain: string,
  found: { event: AuditEvent }[],
  anchor: { file: AnchorFile; chains: Map<string, [number, string]> },
): ChainBreak | null {
  const pinned = anchor.chains.get(chain);
  if (!pinned || pinned[0] === 0) return null;
  const [seq, hash] = pinned;
  if (found[seq - 1]?.event.hash === hash) return null;
  return {
    chain,
    seq,
    problem: 'rewritten',
    message: `与 ${anchor.file.at} 的锚点不符：第 ${seq} 条记录已不是当时的记录（历史被改写）`,
  };
}

/**
 * Each quota counter against the nominations holding a place in its region and category, and
 * against the campaign's quota; each share counter against the places held in the regions
 * without its tag, and against the rule's limit. A counter that disagrees is counted again,
 * strongly, before it is reported: a step taken while the nominations were walked moves both.
 */
async function checkQuotas(campaign: Campaign, places: Map<string, number>) {
  const breaks: ChainBreak[] = [];
  let checked = 0;
  const read = async (key: Key) =>
    (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
  /** The places held in a region and category, counted again from the index. */
  const recount = async (regionId: string, category: Category) => {
    let used = 0;
    for (const status of QUOTA_STATUSES)
      used += await countOf({
        ...nominationsQuery(campaign.id),
        KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :s)',
        FilterExpression: 'category = :c',
        ExpressionAttributeValues: {
          ':pk': campaignNominations(campaign.id),
          ':s': regionStatusPrefix(regionId, status),
          ':c': category,
        },
      });
    return used;
  };
  /** One counter: compared with what the walk found, and once more with a strong recount. */
  const check = async (
    chain: string,
    readStored: () => Promise<{ quota: number; used: number } | undefined>,
    quota: number,
    regionIds: string[],
    category: Category,
  ) => {
    checked++;
    const walked = regionIds.reduce((n, id) => n + (places.get(`${id}#${category}`) ?? 0), 0);
    const expected = { quota, used: walked };
    let broken = quotaBreak({ chain, stored: (await readStored()) ?? null, expected });
    if (broken) {
      let used = 0;
      for (const id of regionIds) used += await recount(id, category);
      broken = quotaBreak({ chain, stored: (await readStored()) ?? null, expected: { ...expected, used } });
    }
    if (broken) breaks.push(broken);
  };
  for (const r of campaign.regions) {
    for (const category of categoryIds(campaign)) {
      await check(
        quotaLabel(r.id, category),
        async () => maybe(parseQuota)(await read(quotaKey(campaign.id, r.id, category))),
        r.quotas[category] ?? 0,
        [r.id],
        category,
      );
    }
  }
  for (const { rule, limit } of shareLimits(campaign)) {
    await check(
      shareLabel(rule.category, rule.tag),
      async () => maybe(parseShare)(await read(shareKey(campaign.id, rule.category, rule.tag))),
      limit,
      campaign.regions.filter((r) => !regionTagged(campaign.definition, r.id, rule.tag)).map((r) => r.id),
      rule.category,
    );
  }
  return { breaks, checked };
}
