import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareEntry, ZipStreamWriter, zipBuffer } from '#lib/documents/zip';
import { sink, zipMethods } from './fixtures.ts';

const run = promisify(execFile);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Info-ZIP's unzip, a reader that shares no code with ours, checks every entry's CRC and sizes. */
async function unzipTest(bytes: Uint8Array): Promise<{ test: string; list: string; long: string }> {
  const file = join(dir, `t-${Date.now()}-${Math.random()}.zip`);
  await writeFile(file, bytes);
  const test = (await run('unzip', ['-t', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  const list = (await run('unzip', ['-Z1', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  const long = (await run('unzip', ['-Z', file], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  return { test, list, long };
}

let dir = '';
beforeAll(async () => {
  try {
    await run('unzip', ['-v']);
  } catch {
    throw new Error(
      'cannot check the zips with an independent reader: unzip is not installed. Install with:\n  apt-get install unzip',
    );
  }
  dir = await mkdtemp(join(tmpdir(), 'pingxuan-zip-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the zip writer', () => {
  it('writes whole and streamed entries, stored and deflated, with UTF-8 names', async () => {
    const { out, bytes } = sink();
    const zip = new ZipStreamWriter(out, { mtime: new Date('2024-01-20T08:00:00') });
    const text = new TextEncoder().encode('濮阳市先进工作者\n'.repeat(5000));
    const photo = new Uint8Array(100_000).map((_, i) => (i * 2654435761) >>> 24);
    const whole = await zip.add('03-审批表/华龙区/说明.txt', text);
    await zip.add('06-照片/华龙区-财政局-李建国.jpg', photo);
    const streamed = await zip.add(
      '流.txt',
      Readable.from([Buffer.from('第一块，'), Buffer.from('第二块。')]),
    );
    await zip.add('empty.txt', new Uint8Array(0));
    await zip.add('empty-stream.txt', Readable.from([]));
    await zip.end();
    const archive = await bytes;

    const files = unzipSync(archive);
    expect(Object.keys(files)).toEqual([
      '03-审批表/华龙区/说明.txt',
      '06-照片/华龙区-财政局-李建国.jpg',
      '流.txt',
      'empty.txt',
      'empty-stream.txt',
    ]);
    expect(sha256(files['03-审批表/华龙区/说明.txt'] as Uint8Array)).toBe(sha256(text));
    expect(sha256(files['06-照片/华龙区-财政局-李建国.jpg'] as Uint8Array)).toBe(sha256(photo));
    expect(strFromU8(files['流.txt'] as Uint8Array)).toBe('第一块，第二块。');
    expect(whole).toEqual({ path: '03-审批表/华龙区/说明.txt', bytes: text.length, sha256: sha256(text) });
    expect(streamed.sha256).toBe(sha256(Buffer.from('第一块，第二块。')));
    expect(zipMethods(archive)).toMatchObject({
      '03-审批表/华龙区/说明.txt': 8,
      '06-照片/华龙区-财政局-李建国.jpg': 0,
      '流.txt': 8,
    });
    // text compresses, the JPEG is stored as it is
    expect(archive.length).toBeLessThan(photo.length + text.length / 4);

    const { test, list, long } = await unzipTest(archive);
    expect(test).toMatch(/No errors detected/);
    expect(list.split('\n')).toContain('06-照片/华龙区-财政局-李建国.jpg');
    // files, readable by everyone once extracted
    expect(long.split('\n').filter((l) => l.endsWith('.txt'))[0]).toMatch(/^-rw-r--r--/);
  });

  it('fails, rather than waiting for ever, when the output goes away or a path is refused', async () => {
    const out = new Writable({ highWaterMark: 16, write: () => {} }); // takes nothing: fills at once
    const zip = new ZipStreamWriter(out);
    const adding = zip.add('a.jpg', new Uint8Array(64 * 1024));
    out.destroy(); // gone without an error
    await expect(adding).rejects.toThrow(/closed before the zip was finished/);
    await expect(zip.add('b.txt', new Uint8Array(1))).rejects.toThrow(/closed before/);

    const { out: second, bytes } = sink();
    const other = new ZipStreamWriter(second);
    await other.add('x.txt', new Uint8Array(1));
    let writerEnded = false;
    const refused = other.addFrom('x.txt', async (w) => {
      // a writer with more to say than a pipe holds: it must not be left waiting for a reader
      for (let i = 0; i < 100 && !w.destroyed; i++) w.write(Buffer.alloc(64 * 1024));
      writerEnded = true;
    });
    await expect(refused).rejects.toThrow(/duplicate/);
    expect(writerEnded).toBe(true);
    // a refused path leaves the zip as it was: it still finishes, with the first x.txt
    await other.end();
    expect(Object.keys(unzipSync(await bytes))).toEqual(['x.txt']);
  });

  it('builds a small zip in memory from prepared entries', async () => {
    const xml = Buffer.from('<w:document>'.padEnd(20_000, 'x'));
    const archive = zipBuffer([prepareEntry('word/document.xml', xml), prepareEntry('a.jpg', xml)]);
    expect(zipMethods(archive)).toEqual({ 'word/document.xml': 8, 'a.jpg': 0 });
    const files = unzipSync(archive);
    expect(strFromU8(files['word/document.xml'] as Uint8Array)).toBe(xml.toString());
    expect((await unzipTest(archive)).test).toMatch(/No errors detected/);
  });

  it('writes ZIP64 end records past 65,535 entries, and readers find every entry', {
    timeout: 120_000,
  }, async () => {
    const { out, bytes } = sink();
    const zip = new ZipStreamWriter(out);
    const count = 70_000;
    for (let i = 0; i < count; i++) await zip.add(`e/${i}.txt`, Buffer.from(String(i)));
    await zip.end();
    const archive = await bytes;
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    const end = archive.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 10, true)).toBe(0xffff); // the classic count says: look at ZIP64
    expect(view.getUint32(end - 20, true)).toBe(0x07064b50);
    const zip64End = Number(view.getBigUint64(end - 20 + 8, true));
    expect(view.getUint32(zip64End, true)).toBe(0x06064b50);
    expect(Number(view.getBigUint64(zip64End + 32, true))).toBe(count);

    const files = unzipSync(archive);
    expect(Object.keys(files)).toHaveLength(count);
    expect(strFromU8(files['e/69999.txt'] as Uint8Array)).toBe('69999');
    const { test, list } = await unzipTest(archive);
    expect(test).toMatch(/No errors detected/);
    expect(list.trim().split('\n')).toHaveLength(count);
  });

  it('gives entries past 4 GB their offsets in ZIP64 extra fields', { timeout: 120_000 }, async () => {
    // 4.4 GB of stored zeros then a small entry, of which only the last 4 MB is kept
    const tail: Buffer[] = [];
    let kept = 0;
    let total = 0;
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        total += chunk.length;
        tail.push(Buffer.from(chunk));
        kept += chunk.length;
        while (kept - (tail[0]?.length ?? 0) > 4 * 1024 * 1024) kept -= tail.shift()?.length ?? 0;
        done();
      },
    });
    const zip = new ZipStreamWriter(out);
    const mb = Buffer.alloc(1024 * 1024);
    const sizes = [1100, 1100, 1100, 1100, 1]; // MB: the fifth entry starts past 4 GB
    const offsets: number[] = [];
    let at = 0;
    for (const [i, size] of sizes.entries()) {
      offsets.push(at);
      const path = `part-${i}.bin`;
      await zip.add(path, Readable.from(Array.from({ length: size }, () => mb)), { compress: false });
      at += 30 + path.length + size * mb.length + 16; // local header, data, data descriptor
    }
    await zip.end();
    const end = Buffer.concat(tail);
    const view = new DataView(end.buffer, end.byteOffset, end.byteLength);
    const start = total - end.length; // where the kept tail starts in the archive

    const eocd = end.length - 22;
    expect(view.getUint32(eocd, true)).toBe(0x06054b50);
    expect(view.getUint32(eocd + 16, true)).toBe(0xffffffff); // the directory's offset is in ZIP64
    const zip64End = Number(view.getBigUint64(eocd - 20 + 8, true)) - start;
    const cdOffset = Number(view.getBigUint64(zip64End + 48, true));
    expect(cdOffset).toBe(at);
    let p = cdOffset - start;
    for (let i = 0; i < 5; i++) {
      expect(view.getUint32(p, true)).toBe(0x02014b50);
      const nameLength = view.getUint16(p + 28, true);
      const extraLength = view.getUint16(p + 30, true);
      const offset = offsets[i] as number;
      if (offset < 0xffffffff) {
        expect(view.getUint32(p + 42, true)).toBe(offset);
        expect(extraLength).toBe(0);
      } else {
        expect(view.getUint32(p + 42, true)).toBe(0xffffffff);
        expect(view.getUint16(p + 46 + nameLength, true)).toBe(0x0001);
        expect(Number(view.getBigUint64(p + 46 + nameLength + 4, true))).toBe(offset);
      }
      p += 46 + nameLength + extraLength;
    }
    expect(offsets.filter((o) => o >= 0xffffffff)).toHaveLength(1);
  });
});
