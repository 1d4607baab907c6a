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

/** Where a chain first fails verification, and how. */
export interface ChainBreak {
  chain: string;
  /** The position where the chain stops being trustworthy. */
  seq: number;
  problem: 'edited' | 'missing' | 'reordered' | 'relinked' | 'head-mismatch' | 'orphaned' | 'rewritten';
  message: string;
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
