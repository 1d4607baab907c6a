/**
 * The tamper-evident history: every change to a record appends an event that carries the hash
 * of the record's previous event. Pure: hashing uses Web Crypto, present in Node and browsers.
 */
import type { Role } from './roles.ts';

/** One field's change, from one value to another. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** An audit event as stored, minus its own hash. */
export interface AuditEventBody {
  /** The record's chain, e.g. NOM#01J…; events of one record form one chain. */
  chain: string;
  /** Position in the chain, from 1. */
  seq: number;
  campaignId: string;
  at: string;
  actor: { accountId: string; role: Role | 'system' };
  action: string;
  changes: FieldChange[];
  requestId: string;
  prevHash: string;
  /**
   * The record's audited state right after this event (see auditedState). Absent on events
   * written before records were sealed: such a record is checked against its history from its
   * next change on.
   */
  state?: AuditState;
}

export interface AuditEvent extends AuditEventBody {
  hash: string;
}

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Seal an event: its hash covers every field, including the previous event's hash. */
export async function sealEvent(body: AuditEventBody): Promise<AuditEvent> {
  return { ...body, hash: await sha256Hex(canonicalJson(body)) };
}

/** The fields that differ between two flat records, with before and after values. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/**
 * A record's audited state as its newest event seals it: a short digest of each top-level field
 * (so a verifier can name what was changed behind the history's back) and the SHA-256 of the
 * whole (so no field can be forged against its 64-bit digest alone).
 */
export interface AuditState {
  hash: string;
  fields: Record<string, string>;
}

/**
 * The fields of an audited record that its events do not seal, each with the reason. Every other
 * field is changed only together with an event, so a difference is a change behind the
 * history's back. (Counters that move without an event live in items of their own: the quota
 * counters are checked against the nominations instead, an export's progress is not audited.)
 */
export const UNSEALED_FIELDS: Readonly<Record<string, string>> = {
  auditSeq: '记录所指的最新审计记录位置：由链尾核对',
  auditHead: '记录所指的最新审计记录哈希：由链尾核对',
};

const sealedPart = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([k, v]) => v !== undefined && !(k in UNSEALED_FIELDS)));

/** The audited state of a record as it is written (or read back): every field but UNSEALED_FIELDS. */
export async function auditedState(record: Record<string, unknown>): Promise<AuditState> {
  const sealed = sealedPart(record);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(sealed)) fields[k] = (await sha256Hex(canonicalJson(v))).slice(0, 16);
  return { hash: await sha256Hex(canonicalJson(sealed)), fields };
}

/** Only the hash of auditedState: what a verifier compares first (the fields only when it differs). */
export const auditedStateHash = (record: Record<string, unknown>) =>
  sha256Hex(canonicalJson(sealedPart(record)));

/** The fields whose value differs between the sealed state and the record's state now, sorted. */
export function changedFields(sealed: AuditState, now: AuditState): string[] {
  if (sealed.hash === now.hash) return [];
  const names = [...new Set([...Object.keys(sealed.fields), ...Object.keys(now.fields)])].sort();
  const changed = names.filter((f) => sealed.fields[f] !== now.fields[f]);
  return changed.length ? changed : ['*'];
}

/** Chinese names of the record fields a verifier reports most often (others by their key). */
const FIELD_LABELS: Record<string, string> = {
  status: '状态',
  unitName: '推荐单位名称',
  unitId: '推荐单位',
  regionId: '地区',
  category: '类别',
  form: '表单内容',
  idNumber: '身份证号',
  version: '版本',
  acceptedPhoto: '采用的照片',
  photo: '照片',
  campaign: '评选活动设置',
  report: '县区报告',
  role: '角色',
  name: '名称',
  codeHash: '登录码',
  revokedAt: '停用时间',
  expiresAt: '有效期',
  used: '已占用名额',
  quota: '名额',
  '*': '（整体）',
};

export const fieldLabel = (field: string) =>
  FIELD_LABELS[field] ? `${FIELD_LABELS[field]}（${field}）` : field;

/** Where a chain first fails verification, and how. */
export interface ChainBreak {
  chain: string;
  /** The position where the chain stops being trustworthy (0: no event, e.g. a quota counter). */
  seq: number;
  problem:
    | 'edited'
    | 'missing'
    | 'reordered'
    | 'relinked'
    | 'head-mismatch'
    | 'orphaned'
    | 'rewritten'
    /** the record differs from the state its newest event sealed */
    | 'state-mismatch'
    /** a quota counter differs from the nominations holding a place, or from the campaign's quota */
    | 'quota-mismatch'
    /** a stored file differs from the SHA-256 its record holds */
    | 'file-mismatch';
  /** The record's fields that differ (state, quota and file breaks). */
  fields?: string[];
  message: string;
}

/** The break for a record whose fields differ from the state its newest event sealed, or null. */
export function stateBreak(
  chain: string,
  seq: number,
  sealed: AuditState,
  now: AuditState,
): ChainBreak | null {
  const fields = changedFields(sealed, now);
  if (!fields.length) return null;
  return {
    chain,
    seq,
    problem: 'state-mismatch',
    fields,
    message: `业务记录被绕过审计直接修改：${fields.map(fieldLabel).join('、')} 与第 ${seq} 条审计记录封存的状态不符`,
  };
}

/**
 * The break for a record that differs from the state its chain's newest event sealed, or null
 * (also when that event predates sealing). The chain itself must have verified.
 */
export async function recordBreak(
  chain: string,
  events: { event: AuditEvent }[],
  record: Record<string, unknown>,
): Promise<ChainBreak | null> {
  const newest = events[events.length - 1]?.event;
  if (!newest?.state || newest.state.hash === (await auditedStateHash(record))) return null;
  return stateBreak(chain, newest.seq, newest.state, await auditedState(record));
}

/** A quota counter as stored, and what the nominations and the campaign say it should hold. */
export interface QuotaCheck {
  /** The name the counter is reported under (QUOTA#<region>#<category>, see the key builders). */
  chain: string;
  stored: { quota: number; used: number } | null;
  expected: { quota: number; used: number };
}

/** The break for a quota counter that disagrees with the nominations or the campaign, or null. */
export function quotaBreak(q: QuotaCheck): ChainBreak | null {
  const { chain } = q;
  if (!q.stored)
    return { chain, seq: 0, problem: 'quota-mismatch', fields: ['used'], message: '名额计数缺失（被删除）' };
  const fields = (['used', 'quota'] as const).filter((f) => q.stored?.[f] !== q.expected[f]);
  if (!fields.length) return null;
  const parts = fields.map((f) =>
    f === 'used'
      ? `已占用名额记为 ${q.stored?.used}，占用名额的推荐对象实有 ${q.expected.used} 个`
      : `名额记为 ${q.stored?.quota}，评选活动设置为 ${q.expected.quota}`,
  );
  return {
    chain,
    seq: 0,
    problem: 'quota-mismatch',
    fields: [...fields],
    message: `名额计数被直接修改：${parts.join('；')}`,
  };
}

/**
 * Recompute a chain: each event's hash over its own body, each link to the event before, the
 * positions 1…n without gaps, and the record's head (its newest seq and hash), which reveals
 * the removal of the newest events and events appended behind the record's back.
 * `events` are as stored, in key order; `storedSeq` is each event's position from its key.
 */
export async function verifyChain(
  chain: string,
  events: { storedSeq: number; event: AuditEvent }[],
  head: { seq: number; hash: string } | null,
): Promise<ChainBreak | null> {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const { storedSeq, event } = events[i] as { storedSeq: number; event: AuditEvent };
    const expected = i + 1;
    if (storedSeq !== expected) {
      return { chain, seq: expected, problem: 'missing', message: `第 ${expected} 条记录缺失` };
    }
    const { hash, ...body } = event;
    if ((await sha256Hex(canonicalJson(body))) !== hash) {
      return {
        chain,
        seq: expected,
        problem: 'edited',
        message: `第 ${expected} 条记录内容与其哈希不符（被修改）`,
      };
    }
    if (event.seq !== storedSeq) {
      return {
        chain,
        seq: expected,
        problem: 'reordered',
        message: `第 ${expected} 条位置存放的是第 ${event.seq} 条记录（顺序被调换）`,
      };
    }
    if (event.prevHash !== prev) {
      return {
        chain,
        seq: expected,
        problem: 'relinked',
        message: `第 ${expected} 条记录未接在前一条之后（被插入或替换）`,
      };
    }
    prev = hash;
  }
  if (!head) {
    return { chain, seq: events.length, problem: 'orphaned', message: '审计记录所属的业务记录不存在' };
  }
  if (head.seq !== events.length || head.hash !== prev) {
    const seq = Math.min(head.seq, events.length) + 1;
    return {
      chain,
      seq,
      problem: 'head-mismatch',
      message: `业务记录指向第 ${head.seq} 条，链上有 ${events.length} 条（最新记录被删除或在末尾被追加）`,
    };
  }
  return null;
}
