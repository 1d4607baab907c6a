/**
 * Zips written as a stream: entries are added one at a time from bytes or chunks, each entry's
 * SHA-256 is computed as it passes, and output waits whenever the destination is full, so no
 * zip is ever held in memory whole. The export package ends with manifest.json: every file with
 * its size and SHA-256, and the audit chain's head at the time of export.
 *
 * Limits (fflate 0.8, no ZIP64): at most 65,535 entries and 4 GB per entry and per archive.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** Bytes, or chunks from a stream (a Node Readable is an AsyncIterable of Buffers). */
export type EntrySource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ZipFileRecord {
  path: string;
  bytes: number;
  sha256: string;
}

/** Formats already compressed: stored as they are (deflating them again costs time and saves nothing). */
const STORED = /\.(jpe?g|png|zip|xlsx|docx|gz)$/i;
/** Large buffers are fed in slices so that the output can push back between them. */
const SLICE = 1 << 20;

export class ZipStreamWriter {
  readonly files: ZipFileRecord[] = [];
  private readonly zip: Zip;
  private readonly paths = new Set<string>();
  private needDrain = false;
  private failure: Error | undefined;
  private ended: Promise<void> | undefined;
  private resolveEnded: (() => void) | undefined;
  private readonly mtime: Date;

  constructor(
    private readonly out: Writable,
    opts: { mtime?: Date } = {},
  ) {
    this.mtime = opts.mtime ?? new Date();
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.failure = err;
        return;
      }
      if (!this.out.write(chunk)) this.needDrain = true;
      if (final) this.resolveEnded?.();
    });
    out.on('error', (err) => {
      this.failure ??= err;
    });
  }

  /**
   * Add one file. `compress` defaults to deflate, except for formats already compressed (JPEG,
   * PNG, xlsx, docx, zip), which are stored. Resolves once the entry is fully written.
   */
  async add(path: string, source: EntrySource, opts: { compress?: boolean } = {}): Promise<ZipFileRecord> {
    this.check();
    if (this.ended) throw new Error('the zip is already finished');
    if (!path || path.startsWith('/') || path.split('/').includes('..'))
      throw new Error(`bad zip path: ${path}`);
    if (this.paths.has(path)) throw new Error(`duplicate zip path: ${path}`);
    this.paths.add(path);
    const compress = opts.compress ?? !STORED.test(path);
    const entry = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    entry.mtime = this.mtime;
    this.zip.add(entry);
    const hash = createHash('sha256');
    let bytes = 0;
    const push = async (chunk: Uint8Array) => {
      for (let at = 0; at < chunk.length; at += SLICE) {
        const part = chunk.subarray(at, at + SLICE);
        hash.update(part);
        bytes += part.length;
        entry.push(part);
        await this.pace();
      }
    };
    try {
      if (source instanceof Uint8Array) await push(source);
      else
        for await (const chunk of source)
          await push(chunk instanceof Uint8Array ? chunk : strToU8(String(chunk)));
      entry.push(new Uint8Array(0), true);
      await this.pace();
    } catch (err) {
      // a half-written entry leaves the zip unusable: refuse everything after it
      this.failure ??= err as Error;
      throw err;
    }
    const record = { path, bytes, sha256: hash.digest('hex') };
    this.files.push(record);
    return record;
  }

  /**
   * Add a file that a writer produces into a Writable (the xlsx writers, for instance): it is
   * zipped as it is written.
   */
  async addFrom(
    path: string,
    write: (out: Writable) => Promise<unknown>,
    opts: { compress?: boolean } = {},
  ): Promise<ZipFileRecord> {
    const pipe = new PassThrough();
    const writing = write(pipe).catch((err: Error) => {
      pipe.destroy(err);
      throw err;
    });
    const [record] = await Promise.all([this.add(path, pipe, opts), writing]);
    return record;
  }

  /** Write the central directory, end `out` and wait until it has taken everything. */
  async end(): Promise<void> {
    this.check();
    this.ended ??= new Promise<void>((resolve) => {
      this.resolveEnded = resolve;
    });
    this.zip.end();
    await this.ended;
    this.check();
    const finished = once(this.out, 'finish');
    this.out.end();
    await finished;
  }

  private check() {
    if (this.failure) throw this.failure;
  }

  /** Wait while the output is full (or has failed). */
  private async pace() {
    this.check();
    if (!this.needDrain) return;
    this.needDrain = false;
    if (this.out.writableNeedDrain) {
      await Promise.race([
        once(this.out, 'drain'),
        once(this.out, 'close').then(() => {
          throw this.failure ?? new Error('the output closed before the zip was finished');
        }),
      ]);
    }
    this.check();
  }
}

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
    await super.add(MANIFEST, strToU8(`${JSON.stringify(manifest, null, 2)}\n`));
    await this.end();
    return manifest;
  }
}
