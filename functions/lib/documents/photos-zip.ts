/**
 * The workers' photos as files named 县区-单位-姓名.jpg (metadata stripped), in a zip of their own
 * or in a folder of the export package. Photos are loaded one at a time and written straight out.
 */
import type { Writable } from 'node:stream';
import { exportBaseName, stripJpegMetadata, uniqueNamer } from './files.ts';
import { field, isPerson } from './format.ts';
import type { DocNominee, Rows } from './types.ts';
import { ZipStreamWriter } from './zip.ts';

/** 华龙区-华龙区财政局-李建国.jpg */
export function photoFileName(n: Pick<DocNominee, 'regionName' | 'unitName' | 'form'>): string {
  return `${exportBaseName(n.regionName, n.unitName, field(n.form, 'name'))}.jpg`;
}

export interface PhotoListing {
  /** Nominee id → path in the zip. */
  written: { nomineeId: string; path: string }[];
  /** Nominees asked for a photo who have none to export. */
  missing: { nomineeId: string; name: string }[];
}

/**
 * Add the photo of each nominee `wanted` says has one (by default each person: collectives are
 * skipped) to `zip` under `folder`; `unique` keeps names apart.
 */
export async function addPhotos(
  zip: ZipStreamWriter,
  nominees: Rows<DocNominee>,
  folder = '',
  unique: (name: string) => string = uniqueNamer(),
  wanted: (n: DocNominee) => boolean = (n) => isPerson(n),
): Promise<PhotoListing> {
  const listing: PhotoListing = { written: [], missing: [] };
  for await (const n of nominees) {
    if (!wanted(n)) continue;
    if (!n.photo) {
      listing.missing.push({ nomineeId: n.id, name: field(n.form, 'name') });
      continue;
    }
    const path = folder + unique(photoFileName(n));
    await zip.add(path, stripJpegMetadata(await n.photo()));
    listing.written.push({ nomineeId: n.id, path });
  }
  return listing;
}

/** A zip of the workers' photos alone, written to `out` (ended when done). */
export async function writePhotosZip(
  out: Writable,
  nominees: Rows<DocNominee>,
  opts: { mtime?: Date } = {},
): Promise<PhotoListing> {
  const zip = new ZipStreamWriter(out, opts);
  const listing = await addPhotos(zip, nominees);
  await zip.end();
  return listing;
}
