/** A photo version under its nomination (`NOM#<id>` / `PHOTO#<ulid>`): pending until the processor judges it. */
import * as z from 'zod/mini';
import type { PhotoVersion } from '#shared/nomination';
import { itemParser, type Key, keyShape } from './item.ts';
import { nominationPartition, photoVersionShape } from './nomination.ts';

export const photoKey = (nominationId: string, photoId: string): Key => ({
  pk: nominationPartition(nominationId),
  sk: `PHOTO#${photoId}`,
});
/** The sort-key prefix of a nomination's photo versions. */
export const PHOTO_PREFIX = 'PHOTO#';

export interface PhotoItem extends PhotoVersion, Key {
  type: 'photo';
}
export const parsePhoto = itemParser<PhotoItem>(
  'photo version',
  z.looseObject({ ...keyShape, type: z.literal('photo'), ...photoVersionShape }),
);

/** The version as the API shows it: without key and type. */
export function photoVersionOf(item: unknown): PhotoVersion {
  const { pk: _pk, sk: _sk, type: _t, ...v } = parsePhoto(item);
  return v;
}
