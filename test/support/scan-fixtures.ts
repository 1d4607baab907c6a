/**
 * Scans made at test time, the way phones make them: a photo of a stamped A4 page taken
 * sideways with GPS in its EXIF, PDFs from a scanner app (with document information, XMP and a
 * camera JPEG inside), hand-written PDFs for the refusal paths, and an HTML page named .pdf.
 */
import { crc32 } from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';

/** What a scan carries that must not survive: the phone's make, the author, the scanner app. */
export const SECRETS = {
  make: 'XiaomiSecretMake',
  author: 'AuthorZhangSan',
  creator: 'CamScannerSecretApp',
  producer: 'SecretProducer 9.9',
  xmpMarker: 'SecretXmpToolkit',
} as const;

export const RED = { r: 200, g: 20, b: 30 };

/**
 * An upright A4-ish page (`width` × `height`, portrait): white paper, lines of black "text",
 * a title bar, and a red seal near the bottom right.
 */
export async function paperPage(width = 3000, height = 4000): Promise<Buffer> {
  const u = width / 100;
  const block = async (w: number, h: number, colour: { r: number; g: number; b: number }) =>
    sharp({ create: { width: Math.round(w), height: Math.round(h), channels: 3, background: colour } })
      .png()
      .toBuffer();
  const black = { r: 20, g: 20, b: 20 };
  const composites = [
    { input: await block(60 * u, 3 * u, black), left: Math.round(20 * u), top: Math.round(8 * u) },
  ];
  const line = await block(80 * u, 0.9 * u, black);
  for (let y = 16 * u; y < height * 0.75; y += 2.4 * u) {
    composites.push({ input: line, left: Math.round(10 * u), top: Math.round(y) });
  }
  composites.push({
    input: await block(22 * u, 22 * u, RED),
    left: Math.round(width - 32 * u),
    top: Math.round(height - 30 * u),
  });
  return sharp({ create: { width, height, channels: 3, background: { r: 250, g: 250, b: 247 } } })
    .composite(composites)
    .png()
    .toBuffer();
}

/**
 * The page as a phone stores a portrait shot held sideways: pixels turned 90° anticlockwise,
 * EXIF orientation 6 to turn them back, the phone's make and a GPS position.
 */
export async function phonePhotoOfPaper(width = 3000, height = 4000): Promise<Buffer> {
  const upright = await paperPage(width, height);
  const stored = await sharp(upright).rotate(270).png().toBuffer();
  return sharp(stored)
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: SECRETS.make, Model: 'Phone 13' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '35/1 45/1 30/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '115/1 1/1 0/1',
      },
    })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** The tag numbers in a JPEG's EXIF IFD0 (0x8825 is the pointer to the GPS IFD). */
export function exifIfd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12));
}

/**
 * A PDF as a scanner app makes it: each page a camera JPEG (EXIF with GPS kept inside), plus
 * document information, an XMP packet on the catalog and on the first page, and a line of text.
 */
export async function scannerAppPdf(
  opts: { pages?: number; objectStreams?: boolean; imageWidth?: number } = {},
): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle('征求意见表');
  doc.setAuthor(SECRETS.author);
  doc.setCreator(SECRETS.creator);
  doc.setProducer(SECRETS.producer);
  doc.setKeywords(['secret-keyword']);
  const width = opts.imageWidth ?? 620;
  const photo = await sharp(await paperPage(width, Math.round(width * Math.SQRT2)))
    .withExif({ IFD0: { Make: SECRETS.make }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 45/1 30/1' } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const image = await doc.embedJpg(photo);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const xmp = (where: string) =>
    doc.context.register(
      doc.context.stream(
        `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="${SECRETS.xmpMarker}"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description dc:creator="${SECRETS.author} ${where}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
        { Type: 'Metadata', Subtype: 'XML' },
      ),
    );
  for (let i = 0; i < (opts.pages ?? 1); i++) {
    const page = doc.addPage([595, 842]);
    page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    page.drawText(`Opinion ${i + 1}`, { x: 40, y: 810, size: 14, font });
    if (i === 0) page.node.set(PDFName.of('Metadata'), xmp('page'));
  }
  doc.catalog.set(PDFName.of('Metadata'), xmp('catalog'));
  return Buffer.from(await doc.save({ useObjectStreams: opts.objectStreams ?? false }));
}

/**
 * A one-page PDF written by hand, with correct xref offsets: objects 1–4 are the catalog, the
 * page tree, the page and its content; `objects` become 5, 6, …; `info` becomes the /Info dict.
 */
export function handWrittenPdf(
  opts: {
    catalogExtra?: string;
    objects?: string[];
    trailerExtra?: string;
    info?: string;
    pagesObject?: string;
    version?: string;
  } = {},
): Buffer {
  const content = '0 0 0 rg 72 700 300 14 re f 72 670 250 14 re f 0.8 0.1 0.1 rg 400 100 120 120 re f';
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>`,
    opts.pagesObject ?? '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...(opts.objects ?? []),
  ];
  const infoRef = opts.info ? `/Info ${objects.push(opts.info)} 0 R` : '';
  let out = `%PDF-${opts.version ?? '1.4'}\n%\xe2\xe3\xcf\xd3\n`;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${infoRef} ${opts.trailerExtra ?? ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** An HTML page saved with a .pdf name (what a "download" of a web page often is). */
export const htmlNamedPdf = (): Buffer =>
  Buffer.from(
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>征求意见表.pdf</title></head><body><p>请登录后下载</p></body></html>\n',
  );

/** A tiny PNG whose header claims `width` × `height` (nothing to decode: the header is enough to refuse it). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
