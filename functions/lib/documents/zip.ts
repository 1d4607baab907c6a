/**
 * Zip archives written as a stream with Node's own zlib: deflate runs natively (on the thread pool
 * for streamed entries) and CRC-32 is zlib's, so the JavaScript thread is left to build documents.
 * Entries are added one at a time from bytes or chunks; each entry's SHA-256 is computed as it
 * passes, and output waits whenever the destination is full, so no zip is ever held whole.
 *
 * ZIP64 is written when the archive needs it (more than 65,535 entries, or entries past 4 GB);
 * a single entry must stay under 4 GB (a form, a table or a photo is far smaller).
 *
 * Layout per entry: local header, data, then a data descriptor when the sizes were not known in
 * advance (streamed entries). Names are UTF-8 (flag bit 11), so Chinese paths open as written.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { crc32, createDeflateRaw, type DeflateRaw, deflateRawSync } from 'node:zlib';

/** Bytes, or chunks from a stream (a Node Readable is an AsyncIterable of Buffers). */
export type EntrySource = Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface ZipFileRecord {
  path: string;
  bytes: number;
  sha256: string;
}

/** An entry whose compressed bytes and checksum are ready (see prepareEntry). */
export interface PreparedEntry {
  path: string;
  method: 0 | 8;
  crc: number;
  size: number;
  data: Uint8Array;
}

/** Formats already compressed: stored as they are (deflating them again costs time and saves nothing). */
const STORED = /\.(jpe?g|png|zip|xlsx|docx|gz)$/i;
/** Large buffers are fed in slices so that the output can push back between them. */
const SLICE = 1 << 20;
const LEVEL = 6;
const U32 = 0xffffffff;
const U16 = 0xffff;
const UTF8 = 0x0800;
const DESCRIPTOR = 0x0008;
/** A regular file, rw-r--r--, in the Unix half of the external attributes. */
const FILE_MODE = (0o100644 << 16) >>> 0;

/** An entry compressed (or stored) and checksummed in one go: for small parts built whole. */
export function prepareEntry(path: string, raw: Uint8Array, compress = !STORED.test(path)): PreparedEntry {
  return {
    path,
    method: compress ? 8 : 0,
    crc: crc32(raw),
    size: raw.length,
    data: compress ? deflateRawSync(raw, { level: LEVEL }) : raw,
  };
}

interface DosTime {
  time: number;
  date: number;
}

/** MS-DOS time and date, as zip headers keep them (local time, 2-second steps). */
function dosDateTime(d: Date): DosTime {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** What the central directory says of an entry. The name is kept as a string: a small Buffer is a
 * slice of a shared 8 KB pool, and keeping one per entry would keep thousands of pools alive. */
interface Central {
  path: string;
  method: number;
  flags: number;
  crc: number;
  size: number;
  compressedSize: number;
  offset: number;
}

/** What the local and the central header both say, from flags to the name's length, at `at`. */
function entryFields(h: Buffer, at: number, e: Omit<Central, 'offset'>, when: DosTime, nameLength: number) {
  h.writeUInt16LE(e.flags, at);
  h.writeUInt16LE(e.method, at + 2);
  h.writeUInt16LE(when.time, at + 4);
  h.writeUInt16LE(when.date, at + 6);
  h.writeUInt32LE(e.crc, at + 8);
  h.writeUInt32LE(e.compressedSize, at + 12);
  h.writeUInt32LE(e.size, at + 16);
  h.writeUInt16LE(nameLength, at + 20);
}

function localHeader(e: Omit<Central, 'offset'>, when: DosTime) {
  const name = Buffer.from(e.path, 'utf8');
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (the local header never needs ZIP64 here)
  entryFields(h, 6, e, when, name.length);
  // extra field length: 0
  return Buffer.concat([h, name]);
}

function centralHeader(e: Central, when: DosTime) {
  const name = Buffer.from(e.path, 'utf8');
  // ZIP64 extra field: only the offset can pass 4 GB (entries are refused before they do)
  const zip64 = e.offset >= U32;
  const extra = Buffer.alloc(zip64 ? 12 : 0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(BigInt(e.offset), 4);
  }
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  // made by: 4.5 on Unix, so that readers honour the UTF-8 flag (Info-ZIP translates names
  // from MS-DOS hosts through a code page) and give extracted files the mode below
  h.writeUInt16LE((3 << 8) | 45, 4);
  h.writeUInt16LE(zip64 ? 45 : 20, 6);
  entryFields(h, 8, e, when, name.length);
  h.writeUInt16LE(extra.length, 30);
  // comment length, disk number, internal attributes: 0
  h.writeUInt32LE(FILE_MODE, 38);
  h.writeUInt32LE(zip64 ? U32 : e.offset, 42);
  return Buffer.concat([h, name, extra]);
}

/** The end records: ZIP64 ones first when the entry count or an offset does not fit the classic. */
function endRecords(entries: number, cdOffset: number, cdSize: number): Buffer {
  const zip64 = entries >= U16 || cdOffset >= U32 || cdSize >= U32;
  const parts: Uint8Array[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0);
    rec.writeBigUInt64LE(44n, 4); // size of the rest of this record
    rec.writeUInt16LE((3 << 8) | 45, 12);
    rec.writeUInt16LE(45, 14);
    // this disk, the disk where the central directory starts: 0
    rec.writeBigUInt64LE(BigInt(entries), 24);
    rec.writeBigUInt64LE(BigInt(entries), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(rec, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries, U16), 8);
  end.writeUInt16LE(Math.min(entries, U16), 10);
  end.writeUInt32LE(Math.min(cdSize, U32), 12);
  end.writeUInt32LE(Math.min(cdOffset, U32), 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** What the central directory will say of a prepared entry written at `offset`. */
const centralOf = (e: PreparedEntry, offset: number): Central => ({
  path: e.path,
  method: e.method,
  flags: UTF8,
  crc: e.crc,
  size: e.size,
  compressedSize: e.data.length,
  offset,
});

/** A whole small zip (a single form's .docx) from prepared entries, in memory. */
export function zipBuffer(entries: readonly PreparedEntry[], mtime = new Date()): Buffer {
  const when = dosDateTime(mtime);
  const parts: Uint8Array[] = [];
  const central: Central[] = [];
  let offset = 0;
  for (const e of entries) {
    const c = centralOf(e, offset);
    const header = localHeader(c, when);
    parts.push(header, e.data);
    central.push(c);
    offset += header.length + e.data.length;
  }
  const directory = Buffer.concat(central.map((c) => centralHeader(c, when)));
  parts.push(directory, endRecords(central.length, offset, directory.length));
  return Buffer.concat(parts);
}

function checkPath(path: string) {
  if (!path || path.startsWith('/') || path.split('/').includes('..'))
    throw new Error(`bad zip path: ${path}`);
}

export class ZipStreamWriter {
  readonly files: ZipFileRecord[] = [];
  private readonly central: Central[] = [];
  private readonly paths = new Set<string>();
  private readonly when: DosTime;
  private offset = 0;
  private failure: Error | undefined;
  private finished = false;

  constructor(
    private readonly out: Writable,
    opts: { mtime?: Date } = {},
  ) {
    this.when = dosDateTime(opts.mtime ?? new Date());
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
    if (this.finished) throw new Error('the zip is already finished');
    checkPath(path);
    if (this.paths.has(path)) throw new Error(`duplicate zip path: ${path}`);
    this.paths.add(path);
    const compress = opts.compress ?? !STORED.test(path);
    try {
      return source instanceof Uint8Array
        ? await this.addWhole(path, source, compress)
        : await this.addStream(path, source, compress);
    } catch (err) {
      // a half-written entry leaves the zip unusable: refuse everything after it
      this.failure ??= err as Error;
      throw this.failure; // the cause (an upload that failed), not the symptom it left here
    }
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
    const adding = this.add(path, pipe, opts).catch((err: Error) => {
      // a writer left with no reader would wait for it forever; the error is the add's to report
      pipe.on('error', () => undefined);
      pipe.destroy(err);
      throw err;
    });
    const [record] = await Promise.all([adding, writing]);
    return record;
  }

  /** Write the central directory, end `out` and wait until it has taken everything. */
  async end(): Promise<void> {
    this.check();
    this.finished = true;
    const cdOffset = this.offset;
    let cdSize = 0;
    for (const c of this.central) {
      const h = centralHeader(c, this.when);
      cdSize += h.length;
      await this.write(h);
    }
    await this.write(endRecords(this.central.length, cdOffset, cdSize));
    this.check();
    const finished = once(this.out, 'finish');
    this.out.end();
    await finished;
  }

  private async addWhole(path: string, raw: Uint8Array, compress: boolean): Promise<ZipFileRecord> {
    const e = prepareEntry(path, raw, compress);
    if (e.size >= U32 || e.data.length >= U32) throw new Error(`zip entry over 4 GB: ${path}`);
    const c = centralOf(e, this.offset);
    await this.write(localHeader(c, this.when));
    for (let at = 0; at < e.data.length; at += SLICE) await this.write(e.data.subarray(at, at + SLICE));
    this.central.push(c);
    const record = { path, bytes: e.size, sha256: createHash('sha256').update(raw).digest('hex') };
    this.files.push(record);
    return record;
  }

  /** An entry of unknown length: sizes and CRC follow the data in a descriptor. */
  private async addStream(
    path: string,
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    compress: boolean,
  ) {
    const c: Central = {
      path,
      method: compress ? 8 : 0,
      flags: UTF8 | DESCRIPTOR,
      crc: 0,
      size: 0,
      compressedSize: 0,
      offset: this.offset,
    };
    await this.write(localHeader(c, this.when));
    const hash = createHash('sha256');
    const deflate = compress ? createDeflateRaw({ level: LEVEL }) : undefined;
    // the deflater's output is written as it comes; its own buffer pushes back on the input
    const drained = deflate ? this.pump(deflate, c) : Promise.resolve();
    drained.catch(() => undefined);
    try {
      await this.feed(source, c, hash, deflate);
    } catch (err) {
      deflate?.destroy();
      throw err;
    }
    deflate?.end();
    await drained;
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(c.crc, 4);
    descriptor.writeUInt32LE(c.compressedSize, 8);
    descriptor.writeUInt32LE(c.size, 12);
    await this.write(descriptor);
    this.central.push(c);
    const record = { path, bytes: c.size, sha256: hash.digest('hex') };
    this.files.push(record);
    return record;
  }

  private async feed(
    source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    c: Central,
    hash: Hash,
    deflate: Writable | undefined,
  ) {
    for await (const chunk of source) {
      const bytes = chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk));
      for (let at = 0; at < bytes.length; at += SLICE) {
        this.check();
        const part = bytes.subarray(at, at + SLICE);
        hash.update(part);
        c.crc = crc32(part, c.crc);
        c.size += part.length;
        if (c.size >= U32) throw new Error(`zip entry over 4 GB: ${c.path}`);
        if (!deflate) {
          c.compressedSize += part.length;
          await this.write(part);
        } else if (!deflate.write(part)) await once(deflate, 'drain');
      }
    }
  }

  private async pump(deflate: DeflateRaw, c: Central) {
    try {
      for await (const out of deflate as AsyncIterable<Buffer>) {
        c.compressedSize += out.length;
        if (c.compressedSize >= U32) throw new Error(`zip entry over 4 GB: ${c.path}`);
        await this.write(out);
      }
    } catch (err) {
      deflate.destroy(err as Error); // so that the side feeding it stops waiting
      throw err;
    }
  }

  /** Write bytes to the output, waiting while it is full (or failing when it has failed). */
  private async write(bytes: Uint8Array) {
    this.check();
    // an output destroyed without an error would take writes into nothing and never finish
    if (this.out.destroyed || this.out.writableEnded)
      this.failure ??= new Error('the output closed before the zip was finished');
    this.check();
    this.offset += bytes.length;
    if (!this.out.write(bytes) && this.out.writableNeedDrain) {
      // whichever comes first; the other listener is removed (thousands of waits must not pile up)
      const waiting = new AbortController();
      const { signal } = waiting;
      try {
        await Promise.race([
          once(this.out, 'drain', { signal }),
          once(this.out, 'close', { signal }).then(() => {
            throw this.failure ?? new Error('the output closed before the zip was finished');
          }),
        ]);
      } finally {
        waiting.abort();
      }
    }
    this.check();
  }

  private check() {
    if (this.failure) throw this.failure;
  }
}
