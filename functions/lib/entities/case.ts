/**
 * An objection case (异议) under its nominee (`NOM#<id>` / `CASE#<ulid>`), listed on GSI1
 * `CASES#<campaign>` newest first. Not a chain of its own: its events are on the nominee's.
 */
import * as z from 'zod/mini';
import { itemParser, type Key, keyShape, time } from './item.ts';
import { nominationPartition } from './nomination.ts';

export const caseKey = (nominationId: string, caseId: string): Key => ({
  pk: nominationPartition(nominationId),
  sk: `CASE#${caseId}`,
});
/** The sort-key prefix of a nominee's cases. */
export const CASE_PREFIX = 'CASE#';
/** GSI1: the campaign's cases. */
export const campaignCases = (campaignId: string) => `CASES#${campaignId}`;
export const caseListed = (campaignId: string, caseId: string) => ({
  gsi1pk: campaignCases(campaignId),
  gsi1sk: caseId,
});

/** An objection (异议) about a nominee during the city publicity, a tracked case. */
export interface CaseItem extends Key {
  type: 'case';
  caseId: string;
  nominationId: string;
  campaignId: string;
  /** open: accepted and awaiting a decision; not_accepted: anonymous or without a phone (recorded only). */
  status: 'open' | 'not_accepted' | 'upheld' | 'dismissed';
  /** The short number the objector is given (20261206-0007); absent on cases filed before receipts. */
  receipt?: string;
  content: string;
  name?: string;
  phone?: string;
  filedAt: string;
  /** The city publicity round the objection was filed in. */
  round?: number;
  resolution?: { outcome: 'upheld' | 'dismissed'; reason: string; at: string; by: string };
}
const outcome = z.enum(['upheld', 'dismissed']);
export const parseCase = itemParser<CaseItem>(
  'objection case',
  z.looseObject({
    ...keyShape,
    type: z.literal('case'),
    caseId: z.string(),
    nominationId: z.string(),
    campaignId: z.string(),
    status: z.enum(['open', 'not_accepted', 'upheld', 'dismissed']),
    receipt: z.optional(z.string()),
    content: z.string(),
    name: z.optional(z.string()),
    phone: z.optional(z.string()),
    filedAt: time,
    round: z.optional(z.number()),
    resolution: z.optional(z.looseObject({ outcome, reason: z.string(), at: time, by: z.string() })),
  }),
);
