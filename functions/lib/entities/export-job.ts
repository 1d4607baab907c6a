/**
 * An export job (`CAMPAIGN#<campaign>` / `EXPORT#<ulid>`, chain `EXPORT#<ulid>`), and its
 * progress, which moves without an event (`EXPORTPROGRESS#<ulid>` / `PROGRESS`, TTL).
 */
import * as z from 'zod/mini';
import type { Audited } from '../records.ts';
import { campaignPartition } from './campaign.ts';
import { auditedShape, itemParser, type Key, keyShape, type StoredRecord, time } from './item.ts';

export const exportJobKey = (campaignId: string, exportId: string): Key => ({
  pk: campaignPartition(campaignId),
  sk: `EXPORT#${exportId}`,
});
/** The sort-key prefix of a campaign's export jobs. */
export const EXPORT_PREFIX = 'EXPORT#';
export const exportChain = (exportId: string) => `EXPORT#${exportId}`;
export const exportProgressKey = (exportId: string): Key => ({
  pk: `EXPORTPROGRESS#${exportId}`,
  sk: 'PROGRESS',
});

/** Which nominations an export covers: a key of EXPORT_SETS (exports.ts). */
export type ExportSet = 'submitted' | 'recommended' | 'selected' | 'confirmed';
export const EXPORT_SET_NAMES = ['submitted', 'recommended', 'selected', 'confirmed'] as const;

export interface ExportJob extends Key {
  type: 'export';
  exportId: string;
  campaignId: string;
  kind: 'package';
  set: ExportSet;
  regionId?: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: string;
  requestedAt: string;
  /** When the export function took the job (queued → running, once). */
  startedAt?: string;
  finishedAt?: string;
  key?: string;
  bytes?: number;
  files?: number;
  nominees?: number;
  auditHeadHash?: string;
  error?: string;
}
export const parseExportJob = itemParser<ExportJob & Audited>(
  'export job',
  z.looseObject({
    ...auditedShape,
    type: z.literal('export'),
    exportId: z.string(),
    campaignId: z.string(),
    kind: z.literal('package'),
    set: z.enum(EXPORT_SET_NAMES),
    regionId: z.optional(z.string()),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    requestedBy: z.string(),
    requestedAt: time,
    startedAt: z.optional(time),
    finishedAt: z.optional(time),
    key: z.optional(z.string()),
    bytes: z.optional(z.number()),
    files: z.optional(z.number()),
    nominees: z.optional(z.number()),
    auditHeadHash: z.optional(z.string()),
    error: z.optional(z.string()),
  }),
);
export const exportJobRecord = (campaignId: string, exportId: string): StoredRecord<ExportJob & Audited> => ({
  key: exportJobKey(campaignId, exportId),
  chain: exportChain(exportId),
  parse: parseExportJob,
});

export const parseExportProgress = itemParser<{ done: number; total: number }>(
  'export progress',
  z.looseObject({ ...keyShape, done: z.number(), total: z.number() }),
);
