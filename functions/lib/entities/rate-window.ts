/** A fixed-window counter (`RATE#<scope>` / `W#<window start>`, TTL) of failed logins or filed objections. Not audited. */
import * as z from 'zod/mini';
import { itemParser, type Key, keyShape } from './item.ts';

export const rateKey = (scope: string, windowStart: number): Key => ({
  pk: `RATE#${scope}`,
  sk: `W#${windowStart}`,
});

/** A counter as stored; `taken` is absent until the first request of its window counts. */
export const parseRateWindow = itemParser<{ pk: string; sk: string; taken?: number }>(
  'rate window',
  z.looseObject({ ...keyShape, taken: z.optional(z.number()) }),
);
