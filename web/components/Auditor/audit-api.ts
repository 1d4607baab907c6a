/**
 * The auditor's API calls, kept in the auditor's chunks rather than in api.ts, which every
 * phone loads first.
 */
import type { AuditEvent, ChainBreak } from '#shared/audit';
import type { NominationView } from '#shared/nomination';
import { call } from '../../api.ts';

export interface NominationHistory {
  events: AuditEvent[];
  /** Account id → the unit's or office's name, for every account that acted. */
  actors?: Record<string, string>;
  verified: boolean;
  break?: ChainBreak;
}

export interface AuditReport {
  ok: boolean;
  chains: number;
  events: number;
  headHash: string;
  breaks: ChainBreak[];
  checkedAt: string;
}

/** The auditor's reads: any list query (region, unit, category, status, cursor), the history, the chain. */
export const queryNominations = (query: string) =>
  call<{ items: NominationView[]; nextCursor?: string }>('GET', `/api/nominations?${query}`);
export const getHistory = (id: string) => call<NominationHistory>('GET', `/api/nominations/${id}/history`);
// Recomputing every chain takes a while on a big campaign: a minute before giving up.
export const verifyAudit = () => call<AuditReport>('GET', '/api/audit/verify', undefined, 60_000);
export const exportAuditLog = () =>
  call<{ events: number; headHash: string; verified: boolean; url: string }>(
    'POST',
    '/api/audit/log',
    undefined,
    60_000,
  );

/** One upload of a stamped scan and its verdict (as GET /api/nominations/{id}/scans lists them). */
export interface ScanRecord {
  scanId: string;
  purpose: string;
  status: 'pending' | 'accepted' | 'refused';
  reason?: string;
  kind?: 'image' | 'pdf';
  bytes?: number;
  sha256?: string;
  pages?: number;
  uploadedAt: string;
  processedAt?: string;
  /** A short-lived link to the stored file of an accepted scan. */
  url?: string;
}

/** Every stamped scan of a nomination, newest first (the read is logged). */
export const listScans = (id: string) => call<{ scans: ScanRecord[] }>('GET', `/api/nominations/${id}/scans`);
