import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedScan, checkScan, type ScanVerdict } from '#lib/scan';
import { stripJpegMetadata } from '#lib/scan-pdf';
import { SCAN_MAX_BYTES, SCAN_MAX_LONG_SIDE, SCAN_MAX_PAGES } from '#shared/scan-rules';
import { importBundled } from '../support/lambda-bundle.ts';
import {
  exifIfd0Tags,
  handWrittenPdf,
  htmlNamedPdf,
  paperPage,
  phonePhotoOfPaper,
  pngClaiming,
  SECRETS,
  scannerAppPdf,
} from '../support/scan-fixtures.ts';

function accepted(verdict: ScanVerdict): AcceptedScan {
  if (!verdict.ok)
    throw new Error(`expected the scan to be accepted, got ${verdict.code}: ${verdict.reason}`);
  return verdict;
}

function refused(verdict: ScanVerdict, code: string): string {
  expect(verdict.ok ? 'accepted' : verdict.code, JSON.stringify(verdict)).toBe(code);
  const reason = (verdict as { reason: string }).reason;
  expect(reason).toMatch(/[\u4e00-\u9fff]/);
  expect(reason).toMatch(/：请/);
  return reason;
}

async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1];
}
const isRed = ([r, g, b]: [number, number, number]) => r > 150 && g < 80 && b < 80;
const isPaper = ([r, g, b]: [number, number, number]) => r > 230 && g > 230 && b > 225;

/** Every JPEG image stream inside a PDF. */
async function jpegsIn(pdf: Uint8Array): Promise<Buffer[]> {
  const doc = await PDFDocument.load(pdf);
  return doc.context
    .enumerateIndirectObjects()
    .map(([, o]) => o)
    .filter(
      (o): o is PDFRawStream =>
        o instanceof PDFRawStream && o.dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode'),
    )
    .map((s) => Buffer.from(s.contents));
}

describe('checkScan: a phone photo of stamped paper', () => {
  let input: Buffer;
  let verdict: AcceptedScan;
  beforeAll(async () => {
    input = await phonePhotoOfPaper(3000, 4000);
    verdict = accepted(await checkScan(input));
  });

  it('the input is what a phone makes: stored sideways, orientation 6, GPS in EXIF', async () => {
    const meta = await sharp(input).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([4000, 3000, 6]);
    expect(exifIfd0Tags(meta.exif as Buffer)).toContain(0x8825);
    expect(input.includes(SECRETS.make)).toBe(true);
  });

  it('is stored as an upright JPEG, long side capped at A4 300 dpi', async () => {
    expect(verdict).toMatchObject({ kind: 'image', contentType: 'image/jpeg', extension: 'jpg' });
    expect([verdict.width, verdict.height]).toEqual([1860, SCAN_MAX_LONG_SIDE]);
    const meta = await sharp(verdict.bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.space]).toEqual(['jpeg', 1860, 2480, 'srgb']);
    // The red seal is at the bottom right of the upright page, the paper's margin at the top left.
    expect(isRed(await pixelAt(verdict.bytes, 1860 - 200, 2480 - 200))).toBe(true);
    expect(isPaper(await pixelAt(verdict.bytes, 30, 30))).toBe(true);
    expect(isRed(await pixelAt(verdict.bytes, 200, 200))).toBe(false);
  });

  it('keeps no metadata: no EXIF, GPS, orientation, XMP, ICC or IPTC', async () => {
    const meta = await sharp(verdict.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(verdict.bytes.includes('Exif')).toBe(false);
    expect(verdict.bytes.includes(SECRETS.make)).toBe(false);
    expect(verdict.sha256).toBe(createHash('sha256').update(verdict.bytes).digest('hex'));
  });

  it('keeps a small photo at its size, and makes a transparent PNG screenshot white, as JPEG', async () => {
    const small = accepted(
      await checkScan(
        await sharp(await paperPage(1240, 1754))
          .jpeg()
          .toBuffer(),
      ),
    );
    expect([small.width, small.height]).toEqual([1240, 1754]);
    const transparent = await sharp({
      create: { width: 1080, height: 1500, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const png = accepted(await checkScan(transparent));
    expect([...png.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(isPaper(await pixelAt(png.bytes, 500, 500))).toBe(true);
  });

  it('refuses a picture too small to read an A4 page from, saying the size', async () => {
    const reason = refused(
      await checkScan(
        await sharp(await paperPage(600, 800))
          .jpeg()
          .toBuffer(),
      ),
      'too_small',
    );
    expect(reason).toContain('600×800');
  });

  it('refuses too many pixels from the header, without decoding', async () => {
    const started = performance.now();
    const reason = refused(await checkScan(await pngClaiming(20_000, 15_000)), 'too_large');
    expect(reason).toContain('20000×15000');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a damaged JPEG', async () => {
    const jpeg = await sharp(await paperPage(1240, 1754))
      .jpeg()
      .toBuffer();
    refused(await checkScan(jpeg.subarray(0, jpeg.length / 2)), 'damaged');
  });
});

/** The PDF checks run on the source and on the Lambda bundle, where pdf-lib has no standard fonts. */
const implementations: [string, () => Promise<typeof checkScan>][] = [
  ['source', async () => checkScan],
  [
    'the Lambda bundle',
    async () => {
      const { module, code } = await importBundled<typeof import('#lib/scan')>('functions/lib/scan.ts');
      // neither the fonts' compressed metrics nor their encodings are in it
      const fonts = join(import.meta.dirname, '../../node_modules/@pdf-lib/standard-fonts/es');
      for (const blob of ['Helvetica.compressed.json', 'all-encodings.compressed.json']) {
        expect(code).not.toContain(readFileSync(join(fonts, blob), 'latin1').slice(1, 41));
      }
      return module.checkScan;
    },
  ],
];

describe.each(implementations)('checkScan: PDFs, %s', (_name, load) => {
  let check: typeof checkScan;
  beforeAll(async () => {
    check = await load();
  });

  it('accepts a scanner app’s PDF and keeps only its pages: no /Info, no XMP, no EXIF in its images', async () => {
    for (const objectStreams of [false, true]) {
      const input = await scannerAppPdf({ pages: 2, objectStreams });
      const source = await PDFDocument.load(input);
      expect(source.getAuthor()).toBe(SECRETS.author);
      const [sourceJpeg] = await jpegsIn(input);
      expect(exifIfd0Tags((await sharp(sourceJpeg).metadata()).exif as Buffer)).toContain(0x8825);

      const verdict = accepted(await check(input));
      expect(verdict).toMatchObject({
        kind: 'pdf',
        contentType: 'application/pdf',
        extension: 'pdf',
        pages: 2,
      });
      expect(verdict.sha256).toBe(createHash('sha256').update(verdict.bytes).digest('hex'));
      const text = verdict.bytes.toString('latin1');
      expect(text.startsWith('%PDF-1.7')).toBe(true);
      for (const gone of [
        '/Info',
        '/Author',
        '/Creator',
        '/Producer',
        '/Metadata',
        'xmpmeta',
        ...Object.values(SECRETS),
      ]) {
        expect(text.includes(gone), gone).toBe(false);
      }
      const clean = await PDFDocument.load(verdict.bytes, { updateMetadata: false });
      expect(clean.getPageCount()).toBe(2);
      expect(clean.getAuthor()).toBeUndefined();
      expect(clean.getProducer()).toBeUndefined();
      expect(clean.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
      const jpegs = await jpegsIn(verdict.bytes);
      expect(jpegs).toHaveLength(1);
      const meta = await sharp(jpegs[0]).metadata();
      expect([meta.format, meta.width, meta.exif]).toEqual(['jpeg', 620, undefined]);
    }
  });

  it('accepts a hand-written PDF and drops its /Info', async () => {
    const input = handWrittenPdf({
      info: `<< /Author (${SECRETS.author}) /Producer (${SECRETS.producer}) >>`,
    });
    const verdict = accepted(await check(input));
    expect(verdict.pages).toBe(1);
    expect(verdict.bytes.includes(SECRETS.author)).toBe(false);
    expect(verdict.bytes.includes('/Info')).toBe(false);
  });

  it('refuses an HTML page named .pdf', () =>
    check(htmlNamedPdf()).then((v) => expect(refused(v, 'not_scan')).toMatch(/网页|HTML/)));

  it.each([
    [
      '/OpenAction running JavaScript',
      { catalogExtra: '/OpenAction 5 0 R', objects: ['<< /S /JavaScript /JS (app.alert\\(1\\)) >>'] },
      /JavaScript/,
    ],
    [
      'a name hidden with #-escapes',
      { catalogExtra: '/OpenAction 5 0 R', objects: ['<< /S /J#61vaScript /J#53 (x) >>'] },
      /JavaScript/,
    ],
    [
      'a document-level script',
      {
        catalogExtra: '/Names << /JavaScript 5 0 R >>',
        objects: ['<< /Names [(a) << /S /JavaScript /JS (x) >>] >>'],
      },
      /JavaScript/,
    ],
    ['a launch action', { catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) >>' }, /启动外部程序/],
    [
      'an embedded file',
      {
        catalogExtra: '/Names << /EmbeddedFiles 5 0 R >>',
        objects: [
          '<< /Names [(a.exe) 6 0 R] >>',
          '<< /Type /Filespec /F (a.exe) /EF << /F 7 0 R >> >>',
          '<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream',
        ],
      },
      /附件/,
    ],
  ])('refuses a PDF with %s', async (_what, opts, named) => {
    expect(refused(await check(handWrittenPdf(opts)), 'active_content')).toMatch(named);
  });

  it('refuses a PDF with JavaScript inside a compressed object stream', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.catalog.set(
      PDFName.of('OpenAction'),
      doc.context.register(doc.context.obj({ S: 'JavaScript', JS: 'app.alert(1)' })),
    );
    const bytes = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(bytes.includes('JavaScript')).toBe(false); // not visible in the raw bytes
    refused(await check(bytes), 'active_content');
  });

  it('refuses a truncated PDF (an upload that stopped half-way)', async () => {
    const input = await scannerAppPdf();
    const reason = refused(await check(input.subarray(0, Math.floor(input.length * 0.6))), 'damaged');
    expect(reason).toContain('不完整');
  });

  it('refuses a PDF whose startxref points nowhere, and one without startxref', async () => {
    const good = handWrittenPdf().toString('latin1');
    const moved = good.replace(/startxref\n(\d+)/, (_, n) => `startxref\n${Number(n) - 7}`);
    expect(refused(await check(Buffer.from(moved, 'latin1')), 'damaged')).toContain('xref');
    const none = good.replace(/startxref\n\d+\n/, '');
    expect(refused(await check(Buffer.from(none, 'latin1')), 'damaged')).toContain('xref');
  });

  it('refuses an unknown PDF version and a file that only starts like a PDF', async () => {
    refused(await check(handWrittenPdf({ version: '3.1' })), 'not_scan');
    refused(await check(Buffer.from('%PDF-1.4\nnot really\n%%EOF\n')), 'damaged');
  });

  it('refuses an encrypted PDF', async () => {
    const input = handWrittenPdf({
      objects: ['<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>'],
      trailerExtra: '/Encrypt 5 0 R /ID [<01> <01>]',
    });
    expect(refused(await check(input), 'encrypted')).toContain('密码');
  });

  it('refuses a PDF without pages, and one with too many', async () => {
    refused(await check(handWrittenPdf({ pagesObject: '<< /Type /Pages /Kids [] /Count 0 >>' })), 'no_pages');
    const many = await PDFDocument.create();
    for (let i = 0; i <= SCAN_MAX_PAGES; i++) many.addPage();
    const reason = refused(await check(Buffer.from(await many.save())), 'too_many_pages');
    expect(reason).toContain(String(SCAN_MAX_PAGES + 1));
  });
});

describe('checkScan: other files', () => {
  it('refuses a file over the byte limit before looking at it', async () => {
    const big = Buffer.alloc(SCAN_MAX_BYTES + 1);
    big.write('%PDF-1.4\n');
    const started = performance.now();
    expect(refused(await checkScan(big), 'too_large')).toContain('20 MB');
    expect(performance.now() - started).toBeLessThan(100);
  });

  it.each([
    ['an iPhone HEIC photo', Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'), /HEIC/],
    ['a Word document', Buffer.from('PK\x03\x04\x14\0\0\0\0\0', 'latin1'), /Word/],
    ['a GIF', Buffer.from('GIF89a\x01\0\x01\0', 'latin1'), /GIF/],
    ['plain text', Buffer.from('hello'), /不是图片或 PDF/],
    ['an empty file', Buffer.alloc(0), /空/],
  ])('refuses %s as not a scan', async (_what, bytes, named) => {
    expect(refused(await checkScan(bytes), 'not_scan')).toMatch(named);
  });
});

describe('stripJpegMetadata', () => {
  it('drops EXIF and comments and keeps a decodable JPEG with the same pixels', async () => {
    const jpeg = await sharp(await paperPage(300, 424))
      .withExif({ IFD0: { Make: SECRETS.make } })
      .jpeg()
      .toBuffer();
    const stripped = stripJpegMetadata(jpeg) as Buffer;
    expect(stripped.length).toBeLessThan(jpeg.length);
    expect(stripped.includes(SECRETS.make)).toBe(false);
    expect((await sharp(stripped).metadata()).exif).toBeUndefined();
    const [a, b] = await Promise.all([jpeg, stripped].map((j) => sharp(j).raw().toBuffer()));
    expect(a?.equals(b as Buffer)).toBe(true);
    expect(stripJpegMetadata(Buffer.from('not a jpeg'))).toBeNull();
  });
});
