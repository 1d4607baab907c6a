/**
 * The auditor's API calls, kept in the auditor's chunks rather than in api.ts, which every
 * phone loads first.
 */
import type { AuditEvent, ChainBreak } from '#shared/audit';
import type { NominationView } from '#shared/nomination';
import { ApiFailure, call } from '../../api.ts';

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
  /** All breaks found; the job lists at most 500 of them. */
  breaksTotal?: number;
  checked?: { records: number; unsealed: number; quotas: number; photos: number };
  checkedAt: string;
}

/** A verification job as GET /api/audit/verifications/{id} shows it. */
export interface VerificationJob {
  verificationId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  result?: AuditReport;
  error?: string;
}

/** The auditor's reads: any list query (region, unit, category, status, cursor), the history, the chain. */
export const queryNominations = (query: string) =>
  call<{ items: NominationView[]; nextCursor?: string }>('GET', `/api/nominations?${query}`);
export const getHistory = (id: string) => call<NominationHistory>('GET', `/api/nominations/${id}/history`);
/**
 * Verify the whole history: start the job, then ask for its progress every second until it ends;
 * resolves with the report, or fails with the job's reason.
 */
export async function verifyAudit(
  onProgress: (p: VerificationJob['progress']) => void,
  wait = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<AuditReport> {
  const { verificationId } = await call<{ verificationId: string }>('POST', '/api/audit/verifications');
  for (;;) {
    const job = await call<VerificationJob>('GET', `/api/audit/verifications/${verificationId}`);
    if (job.status === 'done' && job.result) return job.result;
    if (job.status === 'failed')
      throw new ApiFailure(500, 'verification_failed', job.error ?? '校验失败，请重试');
    onProgress(job.progress);
    await wait(1000);
  }
}
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
