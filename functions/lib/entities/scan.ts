/** A stamped scan under its nomination (`NOM#<id>` / `SCAN#<ulid>`): pending until the processor judges it. */
import * as z from 'zod/mini';
import { SCAN_PURPOSE, type ScanPurpose, type ScanVersion } from '#shared/scan-rules';
import { itemParser, type Key, keyShape, time } from './item.ts';
import { nominationPartition } from './nomination.ts';

export const scanKey = (nominationId: string, scanId: string): Key => ({
  pk: nominationPartition(nominationId),
  sk: `SCAN#${scanId}`,
});
/** The sort-key prefix of a nomination's scans. */
export const SCAN_PREFIX = 'SCAN#';

/** A scan as stored. */
export interface ScanItem extends ScanVersion, Key {
  type: 'scan';
  nominationId: string;
}
export const parseScan = itemParser<ScanItem>(
  'scan',
  z.looseObject({
    ...keyShape,
    type: z.literal('scan'),
    nominationId: z.string(),
    scanId: z.string(),
    purpose: z.string().check(z.regex(SCAN_PURPOSE)) as unknown as z.ZodMiniType<ScanPurpose>,
    status: z.enum(['pending', 'accepted', 'refused']),
    reason: z.optional(z.string()),
    reasonCode: z.optional(z.string()),
    kind: z.optional(z.enum(['image', 'pdf'])),
    bytes: z.optional(z.number()),
    sha256: z.optional(z.string()),
    pages: z.optional(z.number()),
    width: z.optional(z.number()),
    height: z.optional(z.number()),
    uploadedAt: time,
  }),
);

/** The scan as the API shows it: without key, type and nomination. */
export function scanVersionOf(item: unknown): ScanVersion {
  const { pk: _pk, sk: _sk, type: _t, nominationId: _n, ...v } = parseScan(item);
  return v;
}
