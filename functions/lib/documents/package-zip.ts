/**
 * The export package: a zip (written as a stream, see zip.ts) whose last entry is manifest.json,
 * listing every file with its size and SHA-256, and the audit chain's head at the time of export.
 */
import type { Writable } from 'node:stream';
import { type EntrySource, type ZipFileRecord, ZipStreamWriter } from './zip.ts';

/** What manifest.json says. */
export interface PackageManifest {
  campaignId: string;
  /** What the package covers: 'campaign', or 'region:<id>', …, as the export job names it. */
  scope: string;
  generatedAt: string;
  /** The audit chain's head hash when the export was made: the package shows the state as of it. */
  auditHeadHash: string;
  files: ZipFileRecord[];
}

export const MANIFEST = 'manifest.json';

/** The export package: a zip whose last entry is manifest.json listing every other entry. */
export class PackageZip extends ZipStreamWriter {
  constructor(
    out: Writable,
    private readonly meta: { campaignId: string; scope: string; auditHeadHash: string; generatedAt: Date },
  ) {
    super(out, { mtime: meta.generatedAt });
  }

  override async add(
    path: string,
    source: EntrySource,
    opts?: { compress?: boolean },
  ): Promise<ZipFileRecord> {
    if (path === MANIFEST) throw new Error(`${MANIFEST} is written by finish()`);
    return super.add(path, source, opts);
  }

  /** Add manifest.json, finish the zip and end `out`. Resolves with the manifest. */
  async finish(): Promise<PackageManifest> {
    const manifest: PackageManifest = {
      campaignId: this.meta.campaignId,
      scope: this.meta.scope,
      generatedAt: this.meta.generatedAt.toISOString(),
      auditHeadHash: this.meta.auditHeadHash,
      files: [...this.files],
    };
    await super.add(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await this.end();
    return manifest;
  }
}
