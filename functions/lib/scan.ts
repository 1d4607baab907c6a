/**
 * The stamped-scan pipeline behind the scan processor: checks an uploaded photo or PDF of stamped
 * paper (the posted publicity notice, a department's opinion) and, when it passes, produces the
 * clean copy to store. Pure work on bytes in memory (sharp, pdf-lib); no AWS here.
 *
 * - Images (JPEG, PNG, WebP, told by their leading bytes): upright (EXIF orientation applied),
 *   flattened on white, sRGB, long side capped at A4 300 dpi, re-encoded as JPEG with no metadata.
 * - PDFs: the file's structure is checked (header, `%%EOF`, the xref its `startxref` points at),
 *   encrypted ones and ones with active content (scripts, launch actions, embedded files …) are
 *   refused, and the pages are copied into a new document: no document information (/Info), no
 *   XMP, no page-piece or thumbnail data, and JPEG images inside lose their EXIF/XMP/comments.
 */
import { createHash } from 'node:crypto';
import sharp, { type JpegOptions, type Metadata } from 'sharp';
import {
  SCAN_MAX_BYTES,
  SCAN_MAX_LONG_SIDE,
  SCAN_MAX_PIXELS,
  SCAN_MIN_LONG_SIDE,
  SCAN_MIN_SHORT_SIDE,
} from '#shared/scan-rules';

/** Why a scan was refused; stable codes for the record and the UI. */
export type ScanRefusalCode =
  | 'too_large'
  | 'not_scan'
  | 'damaged'
  | 'too_small'
  | 'encrypted'
  | 'active_content'
  | 'too_many_pages'
  | 'no_pages';

export interface AcceptedScan {
  ok: true;
  kind: 'image' | 'pdf';
  /** What to store: a JPEG without metadata, or the cleaned PDF. */
  bytes: Buffer;
  contentType: 'image/jpeg' | 'application/pdf';
  extension: 'jpg' | 'pdf';
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  /** PDFs: the number of pages. */
  pages?: number;
  /** Images: the stored size, upright. */
  width?: number;
  height?: number;
}

export interface RefusedScan {
  ok: false;
  code: ScanRefusalCode;
  /** A Chinese sentence for the person who uploaded: what is wrong and what to do. */
  reason: string;
}

export type ScanVerdict = AcceptedScan | RefusedScan;

/** Text on paper: quality 85 keeps small print and the seal's edges; baseline for old viewers. */
const JPEG_OPTIONS: JpegOptions = { quality: 85, progressive: false, optimiseCoding: true };
/** A legitimate photo decodes in well under a second; a crafted one must not hold the Lambda. */
const DECODE_TIMEOUT_SECONDS = 15;

const MB = 1024 * 1024;
export const ACCEPTED = 'JPG、PNG、WebP 格式的照片或 PDF 文件';
const REASON_IMAGE_DAMAGED = '图片文件已损坏或不完整，无法读取：请重新拍照或重新选择图片上传';
const REASON_HEIC =
  '暂不支持苹果手机的 HEIC 格式：请在“设置 > 相机 > 格式”中选择“兼容性最佳”后重新拍照，或把照片转存为 JPG 后上传';

/**
 * Checks an uploaded scan and produces its clean copy. Refusals come back as
 * `{ ok: false, code, reason }`: too_large (bytes, before any decoding; then pixels, from the
 * header), not_scan (neither a supported image nor a PDF), damaged (unreadable, truncated, or a PDF
 * whose structure is broken), too_small (an image too small to read an A4 page from), encrypted,
 * active_content, no_pages and too_many_pages (PDFs). Never throws for bad input.
 */
export async function checkScan(input: Uint8Array): Promise<ScanVerdict> {
  if (input.byteLength > SCAN_MAX_BYTES) {
    return refuse(
      'too_large',
      `文件太大（${(input.byteLength / MB).toFixed(1)} MB），不能超过 ${SCAN_MAX_BYTES / MB} MB：请压缩后或分页重新上传`,
    );
  }
  if (input.byteLength === 0) return refuse('not_scan', `文件是空的：请重新选择${ACCEPTED}上传`);
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const sniffed = sniffScan(bytes);
  switch (sniffed) {
    case 'pdf':
      // Loaded only for PDFs: most scans are photos, and pdf-lib costs ~0.2 s to load.
      return (await import('./scan-pdf.ts')).checkPdf(bytes);
    case 'jpeg':
    case 'png':
    case 'webp':
      return checkImage(bytes);
    case 'heic':
      return refuse('not_scan', REASON_HEIC);
    case 'html':
      return refuse(
        'not_scan',
        `这个文件是网页（HTML），不是 PDF 或图片（改了扩展名也不行）：请上传${ACCEPTED}；网页请先“打印 > 另存为 PDF”`,
      );
    case 'zip':
      return refuse(
        'not_scan',
        `这个文件是 Word、WPS、OFD 文档或压缩包，不能直接上传：请导出为 PDF，或上传${ACCEPTED}`,
      );
    case null:
      return refuse('not_scan', `这个文件不是图片或 PDF：请上传${ACCEPTED}`);
    default:
      return refuse('not_scan', `不支持 ${sniffed.slice(6)} 格式的文件：请上传${ACCEPTED}`);
  }
}

export function refuse(code: ScanRefusalCode, reason: string): RefusedScan {
  return { ok: false, code, reason };
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type Sniffed = 'pdf' | 'jpeg' | 'png' | 'webp' | 'heic' | 'html' | 'zip' | `other:${string}` | null;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** What the leading bytes say the file is: only JPEG, PNG and WebP reach sharp, only `%PDF-` reaches pdf-lib. */
function sniffScan(bytes: Buffer): Sniffed {
  const ascii = (from: number, to: number) => bytes.toString('latin1', from, to);
  if (ascii(0, 5) === '%PDF-') return 'pdf';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'avif' || brand === 'avis') return 'other:AVIF';
    return HEIF_BRANDS.has(brand) ? 'heic' : null;
  }
  if (ascii(0, 4) === 'GIF8') return 'other:GIF';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'other:TIFF';
  if (ascii(0, 2) === 'BM') return 'other:BMP';
  if (ascii(0, 4) === 'PK\x03\x04') return 'zip';
  if (ascii(0, 8) === '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1') return 'other:Office 97–2003（doc/xls）';
  const text = bytes
    .toString('utf8', 0, 1024)
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|head|body|meta|script|!--|\?xml[^>]*>\s*<(!doctype html|html))/.test(text)) {
    return 'html';
  }
  return null;
}

// ── images ──

async function checkImage(input: Buffer): Promise<ScanVerdict> {
  let header: Metadata;
  try {
    // Header only; the pixel limit is checked below so the refusal can state the size.
    header = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    return refuse('damaged', REASON_IMAGE_DAMAGED);
  }
  if (header.format !== 'jpeg' && header.format !== 'png' && header.format !== 'webp') {
    return refuse('not_scan', `这个文件不是图片或 PDF：请上传${ACCEPTED}`);
  }
  const { width, height } = header.autoOrient;
  if (width * height > SCAN_MAX_PIXELS) {
    return refuse(
      'too_large',
      `图片像素过多（${width}×${height}，约 ${Math.round((width * height) / 10_000)} 万像素），不能超过 ${SCAN_MAX_PIXELS / 10_000} 万像素：请用手机相机的普通模式重新拍照`,
    );
  }
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (long < SCAN_MIN_LONG_SIDE || short < SCAN_MIN_SHORT_SIDE) {
    return refuse(
      'too_small',
      `图片太小（${width}×${height} 像素），看不清文字和印章，长边至少 ${SCAN_MIN_LONG_SIDE} 像素、短边至少 ${SCAN_MIN_SHORT_SIDE} 像素：请上传手机拍摄的原图，不要用截图或压缩后的小图`,
    );
  }
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: SCAN_MAX_PIXELS })
      .rotate()
      .resize({
        width: SCAN_MAX_LONG_SIDE,
        height: SCAN_MAX_LONG_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
      .jpeg(JPEG_OPTIONS)
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      kind: 'image',
      bytes: data,
      contentType: 'image/jpeg',
      extension: 'jpg',
      sha256: sha256(data),
      width: info.width,
      height: info.height,
    };
  } catch {
    return refuse('damaged', REASON_IMAGE_DAMAGED);
  }
}
