/**
 * The portrait pipeline behind the photo processor: checks an uploaded ID photo against its
 * campaign's rules (shared/photo-rules.ts, `photoRulesOf`) and, when it passes, produces the
 * normalised photo to store. Pure image work on bytes in memory (sharp); no AWS here.
 *
 * Cost: a header read, then one decode (JPEG shrink-on-load where it can) straight to the output
 * crop (413×579 for a 2-inch photo) as raw RGB, which serves both the background check and the
 * JPEG encode.
 */
import { createHash } from 'node:crypto';
import sharp, { type JpegOptions, type Metadata, type OutputInfo } from 'sharp';
import {
  BACKGROUND_MIN_SHARE,
  BACKGROUND_NAMES,
  backgroundShare,
  centreCrop,
  PHOTO_MAX_PIXELS,
  type PhotoRules,
  type PhotoSize,
  UPLOAD_MAX_BYTES,
} from '#shared/photo-rules';

/** Why a photo was refused; stable codes for the record and the UI. */
export type PortraitRefusalCode = 'not_image' | 'too_small' | 'bad_ratio' | 'wrong_background' | 'too_large';

/** Input formats the pipeline decodes. HEIC is not one: sharp's prebuilt libheif has no HEVC decoder. */
export type PortraitFormat = 'jpeg' | 'png' | 'webp' | 'avif';

export interface AcceptedPortrait {
  ok: true;
  /** The photo to store: baseline JPEG (quality 90), sRGB, upright, 300 dpi in its JFIF header, no EXIF/ICC/XMP/IPTC. */
  jpeg: Buffer;
  /** Always the rules' pixels: 413 × 579 for a 2-inch photo, 295 × 413 for a 1-inch one. */
  width: number;
  height: number;
  /** Hex SHA-256 of `jpeg`. */
  sha256: string;
  /** The upload's size as seen upright (EXIF orientation applied). */
  sourceWidth: number;
  sourceHeight: number;
  sourceFormat: PortraitFormat;
  /** Share (0–1) of sampled background pixels that have the campaign's colour. */
  backgroundShare: number;
}

export interface RefusedPortrait {
  ok: false;
  code: PortraitRefusalCode;
  /** A Chinese sentence for the person who uploaded: what is wrong and what to do. */
  reason: string;
}

export type PortraitVerdict = AcceptedPortrait | RefusedPortrait;

/** The stored photo's density: a 2-inch photo at 300 dpi is 413 × 579 px, a 1-inch one 295 × 413. */
const OUTPUT_DPI = 300;
/**
 * mozjpeg's tools (trellis quantisation, its quantisation table, deringing) but baseline, not the
 * progressive scans sharp's `mozjpeg: true` preset forces: older systems that receive exported ID
 * photos refuse progressive JPEGs, and scan optimisation triples the encode time for a few % size.
 */
const JPEG_OPTIONS: JpegOptions = {
  quality: 90,
  progressive: false,
  optimiseCoding: true,
  trellisQuantisation: true,
  overshootDeringing: true,
  quantisationTable: 3,
};
/** A legitimate photo decodes in well under a second; a crafted one must not hold the Lambda. */
const DECODE_TIMEOUT_SECONDS = 10;

const MB = 1024 * 1024;
const SUPPORTED = ' JPG、PNG 或 WebP ';
const REASON_NOT_IMAGE = `这个文件不是图片：请选择${SUPPORTED}格式的照片重新上传`;
const REASON_DAMAGED = '照片文件已损坏或不完整，无法读取：请重新拍照或重新选择照片上传';
const REASON_HEIC =
  '暂不支持苹果手机的 HEIC 格式：请在“设置 > 相机 > 格式”中选择“兼容性最佳”后重新拍照，或把照片转存为 JPG 后上传';

/**
 * Checks an uploaded portrait against a campaign's photo rules and normalises it. Refusals come
 * back as `{ ok: false, code, reason }` in this order: too_large (bytes, before any decoding; then
 * pixels, from the header), not_image (not a supported image, or damaged/truncated), bad_ratio
 * (upright width/height outside ratioMin…ratioMax), too_small (the centred crop at the rules'
 * ratio is under their pixels), wrong_background (under BACKGROUND_MIN_SHARE of the
 * BACKGROUND_REGIONS pixels have the rules' colour). An accepted photo is the centred crop,
 * upright, resized to the rules' pixels, re-encoded as JPEG with no metadata. Never throws for
 * bad input.
 */
export async function checkPortrait(input: Uint8Array, rules: PhotoRules): Promise<PortraitVerdict> {
  if (input.byteLength > UPLOAD_MAX_BYTES) {
    return refuse(
      'too_large',
      `照片文件太大（${(input.byteLength / MB).toFixed(1)} MB），不能超过 ${UPLOAD_MAX_BYTES / MB} MB：请压缩照片或重新拍照后上传`,
    );
  }
  const sniffed = sniffFormat(input);
  if (sniffed === 'heic') return refuse('not_image', REASON_HEIC);
  if (sniffed === null) return refuse('not_image', REASON_NOT_IMAGE);
  if (sniffed.startsWith('other:')) {
    return refuse('not_image', `不支持 ${sniffed.slice(6)} 格式的文件：请上传${SUPPORTED}格式的照片`);
  }

  let header: Metadata;
  try {
    // Header only; the pixel limit is checked below so the refusal can state the size.
    header = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    return refuse('not_image', REASON_DAMAGED);
  }
  const format = acceptedFormat(header);
  if (format === 'heic') return refuse('not_image', REASON_HEIC);
  if (format === null) return refuse('not_image', REASON_NOT_IMAGE);

  const { width, height } = header.autoOrient;
  if (width * height > PHOTO_MAX_PIXELS) {
    return refuse(
      'too_large',
      `照片像素过多（${width}×${height}，约 ${Math.round((width * height) / 10_000)} 万像素），不能超过 ${PHOTO_MAX_PIXELS / 10_000} 万像素：请缩小照片后重新上传`,
    );
  }

  const ratio = width / height;
  const mm = `${rules.mm.width}:${rules.mm.height}`;
  if (ratio < rules.ratioMin || ratio > rules.ratioMax) {
    const hint = width >= height ? '请竖着拍照，' : '请';
    const range = `${rules.ratioMin.toFixed(2)}–${rules.ratioMax.toFixed(2)}`;
    return refuse(
      'bad_ratio',
      `照片宽高比不符合${rules.label}要求（${width}×${height}，宽高比 ${ratio.toFixed(2)}，应在 ${range} 之间，标准为 ${mm} ≈ ${rules.ratio.toFixed(2)}）：${hint}把照片裁剪为竖版（${mm}）后上传`,
    );
  }

  const crop = centreCrop(width, height, rules.ratio);
  const need = rules.pixels;
  if (crop.width < need.width || crop.height < need.height) {
    const found =
      crop.width === width && crop.height === height
        ? `${width}×${height} 像素`
        : `${width}×${height} 像素，裁成 ${mm} 后为 ${crop.width}×${crop.height}`;
    return refuse(
      'too_small',
      `照片尺寸太小（${found}），至少需要 ${need.width}×${need.height} 像素：请上传手机拍摄的原图，不要用截图或压缩后的小图`,
    );
  }

  let pixels: { data: Buffer; info: OutputInfo };
  try {
    pixels = await decodeCrop(input, width, height, crop, need);
  } catch {
    return refuse('not_image', REASON_DAMAGED);
  }
  const { data, info } = pixels;
  if (info.channels !== 3) throw new Error(`expected RGB pixels, got ${info.channels} channels`);

  const share = backgroundShare(data, info.width, info.height, 3, rules.background);
  if (share < BACKGROUND_MIN_SHARE) {
    const colour = BACKGROUND_NAMES[rules.background];
    return refuse(
      'wrong_background',
      `背景应为${colour}：请换${colour[0]}底证件照重新上传，或站在${colour}背景前重新拍照（背景区域中${colour}像素只占 ${Math.floor(share * 100)}%，需要至少 ${BACKGROUND_MIN_SHARE * 100}%）`,
    );
  }

  const encoded = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg(JPEG_OPTIONS)
    .toBuffer();
  const jpeg = withJfifDensity(encoded, OUTPUT_DPI);
  return {
    ok: true,
    jpeg,
    width: info.width,
    height: info.height,
    sha256: createHash('sha256').update(jpeg).digest('hex'),
    sourceWidth: width,
    sourceHeight: height,
    sourceFormat: format,
    backgroundShare: share,
  };
}

function refuse(code: PortraitRefusalCode, reason: string): RefusedPortrait {
  return { ok: false, code, reason };
}

/**
 * Decodes once: upright, scaled so that the centred crop becomes exactly `output`, then cut out,
 * flattened on white and converted to sRGB. Transparent areas are not a blue or red background;
 * on a white campaign a transparent cut-out counts as white, as it prints.
 * Scaling before cutting keeps JPEG shrink-on-load (an extract before the resize disables it).
 */
async function decodeCrop(
  input: Uint8Array,
  width: number,
  height: number,
  crop: ReturnType<typeof centreCrop>,
  output: PhotoSize,
): Promise<{ data: Buffer; info: OutputInfo }> {
  const sx = output.width / crop.width;
  const sy = output.height / crop.height;
  const scaledWidth = Math.round(width * sx);
  const scaledHeight = Math.round(height * sy);
  return sharp(input, { failOn: 'error', limitInputPixels: PHOTO_MAX_PIXELS })
    .rotate()
    .resize(scaledWidth, scaledHeight, { fit: 'fill' })
    .extract({
      left: Math.min(Math.round(crop.left * sx), scaledWidth - output.width),
      top: Math.min(Math.round(crop.top * sy), scaledHeight - output.height),
      width: output.width,
      height: output.height,
    })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .timeout({ seconds: DECODE_TIMEOUT_SECONDS })
    .raw()
    .toBuffer({ resolveWithObject: true });
}

type Sniffed = PortraitFormat | 'heif' | 'heic' | `other:${string}` | null;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * What the leading bytes say the file is, before any decoder sees it: only the formats we take
 * reach sharp (no SVG, PDF, TIFF or GIF decoders exposed to uploads).
 */
function sniffFormat(b: Uint8Array): Sniffed {
  const bytes = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (from: number, to: number) => bytes.toString('latin1', from, to);
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp') {
    const boxEnd = Math.min(bytes.length, bytes.readUInt32BE(0), 256);
    const brands = [ascii(8, 12)];
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(at, at + 4));
    if (AVIF_BRANDS.has(brands[0] ?? '')) return 'avif';
    if (HEIC_BRANDS.has(brands[0] ?? '')) return 'heic';
    if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
    if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
    if (brands.includes('mif1') || brands.includes('msf1')) return 'heif';
    return null;
  }
  if (ascii(0, 4) === 'GIF8') return 'other:GIF';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'other:TIFF';
  if (ascii(0, 2) === 'BM') return 'other:BMP';
  if (ascii(0, 5) === '%PDF-') return 'other:PDF';
  return null;
}

/** The decoder's own view of the format; HEIF is taken only when AV1-coded (AVIF). */
function acceptedFormat(header: Metadata): PortraitFormat | 'heic' | null {
  switch (header.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
      return header.format;
    case 'heif':
      return header.compression === 'av1' ? 'avif' : 'heic';
    default:
      return null;
  }
}

/**
 * Records the density in a JFIF APP0 segment, the one place a JPEG carries it without EXIF.
 * sharp's withDensity() writes it as EXIF and keeps the input's EXIF (GPS included), and
 * mozjpeg output from libvips has no APP0 at all, so the segment is inserted here.
 */
function withJfifDensity(jpeg: Buffer, dpi: number): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('the encoder did not produce a JPEG');
  if (jpeg[2] === 0xff && jpeg[3] === 0xe0 && jpeg.toString('latin1', 6, 11) === 'JFIF\0') {
    const out = Buffer.from(jpeg);
    out[13] = 1; // units: dots per inch
    out.writeUInt16BE(dpi, 14);
    out.writeUInt16BE(dpi, 16);
    return out;
  }
  const app0 = Buffer.alloc(18);
  app0.writeUInt16BE(0xffe0, 0);
  app0.writeUInt16BE(16, 2); // segment length, this field included
  app0.write('JFIF\0', 4, 'latin1');
  app0[9] = 1; // version 1.01
  app0[10] = 1;
  app0[11] = 1; // units: dots per inch
  app0.writeUInt16BE(dpi, 12);
  app0.writeUInt16BE(dpi, 14);
  // no thumbnail: bytes 16 and 17 stay 0
  return Buffer.concat([jpeg.subarray(0, 2), app0, jpeg.subarray(2)]);
}
