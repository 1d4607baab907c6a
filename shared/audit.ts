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
