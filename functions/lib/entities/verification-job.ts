/** A verification job (`VERIFY#<ulid>` / `VERIFY`, TTL a week). It changes no record, so it is not audited. */
import * as z from 'zod/mini';
import type { AuditReport } from '../audit-verify.ts';
import { itemParser, type Key, keyShape, time } from './item.ts';

export const verificationJobKey = (verificationId: string): Key => ({
  pk: `VERIFY#${verificationId}`,
  sk: 'VERIFY',
});

export interface VerificationJob extends Key {
  type: 'verification';
  verificationId: string;
  campaignId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress: { done: number; total: number };
  /** The report, its breaks cut to MAX_LISTED_BREAKS (`breaksTotal` counts them all). */
  result?: AuditReport & { breaksTotal: number };
  error?: string;
  expiresAt: number;
}
export const parseVerificationJob = itemParser<VerificationJob>(
  'verification job',
  z.looseObject({
    ...keyShape,
    type: z.literal('verification'),
    verificationId: z.string(),
    campaignId: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    requestedBy: z.string(),
    requestedAt: time,
    startedAt: z.optional(time),
    finishedAt: z.optional(time),
    progress: z.looseObject({ done: z.number(), total: z.number() }),
    result: z.optional(
      z.looseObject({ ok: z.boolean(), breaks: z.array(z.unknown()), breaksTotal: z.number() }),
    ),
    error: z.optional(z.string()),
    expiresAt: z.number(),
  }),
);
