import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { nomineeBaseName, writeExportPackage } from '#lib/documents/export-package';
import { MANIFEST, type PackageManifest, PackageZip } from '#lib/documents/package-zip';
import { writeSummaryXlsx } from '#lib/documents/summary-xlsx';
import type { DocNominee } from '#lib/documents/types';
import { ZipStreamWriter } from '#lib/documents/zip';
import { definitionFile, oneInchWhitePhoto } from '../../support/definitions.ts';
import {
  campaign,
  collective,
  count,
  docxPart,
  docxText,
  GPS_PHOTO,
  PHOTO,
  readXlsx,
  sink,
  unzip,
  worker,
  zipMethods,
} from './fixtures.ts';

const SCAN_PDF = new TextEncoder().encode('%PDF-1.4\n% a stamped opinion\n%%EOF\n');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const HEAD = 'a'.repeat(64);
const AT = new Date('2024-01-20T08:00:00.000Z');

function manifestOf(files: Record<string, Uint8Array>): PackageManifest {
  return JSON.parse(strFromU8(files[MANIFEST] as Uint8Array)) as PackageManifest;
}

/** Every file but the manifest has the size and SHA-256 the manifest lists, and nothing is missing. */
function expectManifestTrue(files: Record<string, Uint8Array>, manifest: PackageManifest) {
  const listed = manifest.files.map((f) => f.path);
  expect(Object.keys(files).filter((p) => p !== MANIFEST)).toEqual(listed);
  for (const f of manifest.files) {
    const bytes = files[f.path] as Uint8Array;
    expect(bytes.length, f.path).toBe(f.bytes);
    expect(sha256(bytes), f.path).toBe(f.sha256);
  }
}

describe('the streaming package zip', () => {
  it('lists every file with its size and SHA-256 in manifest.json, with the audit head', async () => {
    const { out, bytes } = sink();
    const zip = new PackageZip(out, {
      campaignId: campaign.id,
      scope: 'campaign',
      auditHeadHash: HEAD,
      generatedAt: AT,
    });
    await zip.add('06-照片/华龙区-华龙区财政局-李建国.jpg', PHOTO);
    await zip.add('说明.txt', new TextEncoder().encode('导出说明\n'.repeat(1000)));
    await zip.add('chunks.txt', Readable.from([Buffer.from('第一块，'), Buffer.from('第二块。')]));
    await zip.addFrom('01-汇总表/先进工作者推荐汇总表.xlsx', (w) =>
      writeSummaryXlsx(w, { campaign, category: 'worker', nominees: [worker()] }),
    );
    const returned = await zip.finish();
    const archive = await bytes;
    const files = unzip(archive);

    const manifest = manifestOf(files);
    expect(manifest).toEqual(returned);
    expect(manifest.auditHeadHash).toBe(HEAD);
    expect(manifest.campaignId).toBe(campaign.id);
    expect(manifest.scope).toBe('campaign');
    expect(manifest.generatedAt).toBe('2024-01-20T08:00:00.000Z');
    expectManifestTrue(files, manifest);
    expect(Object.keys(files).at(-1)).toBe(MANIFEST);
    expect(strFromU8(files['chunks.txt'] as Uint8Array)).toBe('第一块，第二块。');
    expect(sha256(files['06-照片/华龙区-华龙区财政局-李建国.jpg'] as Uint8Array)).toBe(sha256(PHOTO));

    // JPEGs (and the already-zipped xlsx) are stored; text is deflated
    const methods = zipMethods(archive);
    expect(methods['06-照片/华龙区-华龙区财政局-李建国.jpg']).toBe(0);
    expect(methods['01-汇总表/先进工作者推荐汇总表.xlsx']).toBe(0);
    expect(methods['说明.txt']).toBe(8);
    expect(methods[MANIFEST]).toBe(8);

    // the xlsx made inside the zip is a whole workbook
    const ws = await readXlsx(files['01-汇总表/先进工作者推荐汇总表.xlsx'] as Uint8Array);
    expect(ws.getCell('C4').value).toBe('李建国');
  });

  it('refuses a path twice, a path out of the zip, and the manifest written by hand', async () => {
    const { out, bytes } = sink();
    bytes.catch(() => {});
    const zip = new PackageZip(out, {
      campaignId: 'c',
      scope: 'campaign',
      auditHeadHash: HEAD,
      generatedAt: AT,
    });
    await zip.add('a.txt', new Uint8Array([1]));
    await expect(zip.add('a.txt', new Uint8Array([2]))).rejects.toThrow(/duplicate/);
    await expect(zip.add('../etc/passwd', new Uint8Array([2]))).rejects.toThrow(/bad zip path/);
    await expect(zip.add(MANIFEST, new Uint8Array([2]))).rejects.toThrow(/finish/);
  });

  it('waits for a slow destination instead of piling the zip up in memory', async () => {
    let buffered = 0;
    let maxBuffered = 0;
    let received = 0;
    const slow = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _enc, done) {
        received += chunk.length;
        setTimeout(done, 1);
      },
    });
    const realWrite = slow.write.bind(slow);
    slow.write = ((chunk: Buffer, ...rest: never[]) => {
      const ok = realWrite(chunk, ...rest);
      buffered = slow.writableLength;
      maxBuffered = Math.max(maxBuffered, buffered);
      return ok;
    }) as typeof slow.write;
    const zip = new ZipStreamWriter(slow);
    const big = new Uint8Array(8 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24); // incompressible
    await zip.add('big.jpg', big);
    await zip.end();
    expect(received).toBeGreaterThan(big.length);
    // at most one 1 MB slice in flight beyond the destination's own buffer, never the whole 8 MB
    expect(maxBuffered).toBeLessThan(1.2 * 1024 * 1024);
  });

  it('fails the zip when a file source fails, and refuses to go on', async () => {
    const { out, bytes } = sink();
    bytes.catch(() => {});
    const zip = new ZipStreamWriter(out);
    async function* broken() {
      yield new Uint8Array([1, 2, 3]);
      throw new Error('S3 read failed');
    }
    await expect(zip.add('x.jpg', broken())).rejects.toThrow('S3 read failed');
    await expect(zip.add('y.txt', new Uint8Array([1]))).rejects.toThrow('S3 read failed');
  });
});

describe('the full export package', { timeout: 60_000 }, () => {
  const nominees: DocNominee[] = [
    worker({
      id: 'w1',
      opinions: { unit: { text: '同意推荐。', date: '2024-01-05' } },
      scans: async () => [
        { kind: '单位公示照片', extension: 'jpg', load: async () => PHOTO },
        { kind: '组织人事意见', extension: 'pdf', load: async () => SCAN_PDF },
      ],
    }),
    collective({
      id: 'c1',
      scans: async () => [{ kind: '公安意见', extension: 'jpg', load: async () => GPS_PHOTO }],
    }),
    worker({
      id: 'w2',
      regionId: 'shizhi',
      unitName: '濮阳市财政局',
      form: { name: '张伟' },
      photo: async () => GPS_PHOTO,
    }),
    worker({
      id: 'w3',
      regionId: 'shizhi',
      unitName: '濮阳市财政局',
      form: { name: '王芳' },
      photo: undefined,
    }),
  ];

  it('holds every document and photo, each listed with its SHA-256, and the audit head', async () => {
    const { out, bytes } = sink();
    const { manifest, photos } = await writeExportPackage(out, {
      campaign,
      scope: 'campaign',
      auditHeadHash: HEAD,
      generatedAt: AT,
      nominees: ({ category, regionId }) =>
        nominees.filter(
          (n) => (!category || n.category === category) && (!regionId || n.regionId === regionId),
        ),
      reports: [
        {
          regionName: '华龙区',
          organisation: '成立领导小组。',
          process: '民主推荐。',
          opinions: '均无异议。',
          publicity: '公示无异议。',
          recommendation: '推荐2名。',
        },
      ],
      quotaUses: [{ regionId: 'hualong', category: 'worker', quota: 6, used: 1 }],
      summaryHeader: { unit: '濮阳市财政局' },
    });
    const files = unzip(await bytes);
    expect(Object.keys(files)).toEqual([
      '01-汇总表/先进工作者推荐汇总表.xlsx',
      '01-汇总表/先进集体推荐汇总表.xlsx',
      '02-名额分配及使用情况表.xlsx',
      '03-审批表/华龙区/华龙区-华龙区财政局-李建国-审批表.docx',
      '04-征求意见表/华龙区/华龙区-华龙区财政局-李建国-征求意见表.docx',
      '03-审批表/华龙区/华龙区-濮阳市华龙区财政局-审批表.docx',
      '04-征求意见表/华龙区/华龙区-濮阳市华龙区财政局-征求意见表.docx',
      '03-审批表/华龙区-审批表（合订本）.docx',
      '04-征求意见表/华龙区-征求意见表（合订本）.docx',
      '06-照片/华龙区-华龙区财政局-李建国.jpg',
      '06-照片/华龙区-照片裁剪页.docx',
      '07-盖章扫描件/华龙区/华龙区财政局-李建国-单位公示照片.jpg',
      '07-盖章扫描件/华龙区/华龙区财政局-李建国-组织人事意见.pdf',
      '07-盖章扫描件/华龙区/濮阳市华龙区财政局-公安意见.jpg',
      '03-审批表/市直/市直-濮阳市财政局-张伟-审批表.docx',
      '04-征求意见表/市直/市直-濮阳市财政局-张伟-征求意见表.docx',
      '03-审批表/市直/市直-濮阳市财政局-王芳-审批表.docx',
      '04-征求意见表/市直/市直-濮阳市财政局-王芳-征求意见表.docx',
      '03-审批表/市直-审批表（合订本）.docx',
      '04-征求意见表/市直-征求意见表（合订本）.docx',
      '06-照片/市直-濮阳市财政局-张伟.jpg',
      '06-照片/市直-照片裁剪页.docx',
      '05-审核推荐工作报告/华龙区-审核推荐工作报告.docx',
      MANIFEST,
    ]);
    expect(manifestOf(files)).toEqual(manifest);
    expect(manifest.auditHeadHash).toBe(HEAD);
    expectManifestTrue(files, manifest);
    expect(photos.missing).toEqual([{ nomineeId: 'w3', name: '王芳' }]);
    // documents open and say what they should
    const approval = files['03-审批表/华龙区/华龙区-华龙区财政局-李建国-审批表.docx'] as Uint8Array;
    expect(docxText(docxPart(approval))).toContain('2024年1月5日');
    const combined = docxText(docxPart(files['03-审批表/市直-审批表（合订本）.docx'] as Uint8Array));
    expect(combined.indexOf('张伟')).toBeLessThan(combined.indexOf('王芳'));
    const gpsPhoto = Buffer.from(files['06-照片/市直-濮阳市财政局-张伟.jpg'] as Uint8Array);
    expect(gpsPhoto.includes(Buffer.from('Exif'))).toBe(false);
    const ws = await readXlsx(files['01-汇总表/先进工作者推荐汇总表.xlsx'] as Uint8Array);
    expect([4, 5, 6].map((r) => [ws.getCell(`B${r}`).value, ws.getCell(`C${r}`).value])).toEqual([
      ['华龙区', '李建国'],
      ['市直', '张伟'],
      ['市直', '王芳'],
    ]);
    // the stamped scans as they were stored, byte for byte
    expect(files['07-盖章扫描件/华龙区/华龙区财政局-李建国-组织人事意见.pdf']).toEqual(SCAN_PDF);
  });

  /** 华龙区's package of these workers, each with a photo loader: the bytes, or a failure. */
  function regionPackage(photos: (Uint8Array | Error)[], photoMemoryBytes?: number) {
    let fetched = 0;
    const nominees = photos.map((photo, i) =>
      worker({
        id: `w${i}`,
        form: { ...worker().form, name: `职工${i}` },
        photo: async () => {
          fetched++;
          if (photo instanceof Error) throw photo;
          return photo;
        },
      }),
    );
    const { out, bytes } = sink();
    bytes.catch(() => undefined);
    const written = writeExportPackage(out, {
      campaign,
      scope: 'region:hualong',
      auditHeadHash: HEAD,
      generatedAt: AT,
      nominees: ({ category, regionId }) =>
        nominees.filter(
          (n) => (!category || n.category === category) && (!regionId || n.regionId === regionId),
        ),
      reports: [],
      quotaUses: [],
      ...(photoMemoryBytes ? { photoMemoryBytes } : {}),
    });
    return { written, bytes, fetched: () => fetched };
  }

  it.each([
    ['in memory', undefined],
    ['on disk, past the memory budget', 1],
  ])('fetches each photo once, though four documents use it (kept %s)', async (_, photoMemoryBytes) => {
    // two workers with photos of their own, so that a mix-up between them would show
    const photos = [PHOTO, GPS_PHOTO];
    const made = regionPackage(photos, photoMemoryBytes);
    await made.written;
    const files = unzip(await made.bytes);
    expect(Object.keys(files).filter((p) => p.endsWith('.jpg'))).toHaveLength(2);
    expect(count(docxPart(files['06-照片/华龙区-照片裁剪页.docx'] as Uint8Array), '<w:drawing>')).toBe(6);
    expect(made.fetched()).toBe(2);
    // each worker's own photo in its own 审批表
    for (const [i, photo] of photos.entries()) {
      const form = unzip(files[`03-审批表/华龙区/华龙区-华龙区财政局-职工${i}-审批表.docx`] as Uint8Array);
      expect(sha256(form['word/media/image1.jpg'] as Uint8Array)).toBe(sha256(photo));
    }
  });

  it('leaves the photo sheet out for a campaign that asks for no prints, and sizes the form’s photo', async () => {
    const photo = oneInchWhitePhoto();
    const { out, bytes } = sink();
    await writeExportPackage(out, {
      campaign: { ...campaign, definition: { ...definitionFile('puyang-2024.yaml'), photo } },
      scope: 'region:hualong',
      auditHeadHash: HEAD,
      generatedAt: AT,
      nominees: ({ category, regionId }) =>
        [worker({ id: 'w1' })].filter(
          (n) => (!category || n.category === category) && (!regionId || n.regionId === regionId),
        ),
      reports: [],
      quotaUses: [],
    });
    const files = unzip(await bytes);
    expect(Object.keys(files).some((p) => p.includes('照片裁剪页'))).toBe(false);
    expect(Object.keys(files).filter((p) => p.startsWith('06-照片/') && p.endsWith('.jpg'))).toHaveLength(1);
    const form = docxPart(files['03-审批表/华龙区/华龙区-华龙区财政局-李建国-审批表.docx'] as Uint8Array);
    expect(form).toContain('<wp:extent cx="900000" cy="1260000"/>'); // 25 × 35 mm
  });

  it('fails with the photo store’s error when a photo cannot be fetched', async () => {
    const made = regionPackage([PHOTO, new Error('S3 GetObject failed'), PHOTO], 1);
    await expect(made.written).rejects.toThrow('S3 GetObject failed');
  });

  it('names a collective by region and unit, a worker by region, unit and name', () => {
    expect(nomineeBaseName(collective())).toBe('华龙区-濮阳市华龙区财政局');
    expect(nomineeBaseName(worker())).toBe('华龙区-华龙区财政局-李建国');
  });
});
