/**
 * The ID photo's rules (证件照): size in mm and pixels, the ratios accepted before cropping, the
 * background colour and the number of prints, from the campaign's definition (`photoRulesOf`);
 * a campaign without one keeps the Puyang notice's 2-inch blue photo (35 × 49 mm, 413 × 579 px
 * at 300 dpi, three prints). Pure numbers and pixel tests shared by the phone's cropper and the
 * server's processor; light on purpose (the phone's photo step loads it).
 */
import type { PhotoDefinition } from './definition/schema.ts';

export type PhotoBackground = PhotoDefinition['background'];

/** A size in pixels or millimetres. */
export interface PhotoSize {
  width: number;
  height: number;
}

/** What the cropper, the processor and the documents need to know about a campaign's photo. */
export interface PhotoRules {
  /** What the notice calls it: 2寸蓝底彩色证件照. */
  label: string;
  /** The printed size (35 × 49 mm). */
  mm: PhotoSize;
  /** The stored photo's size at 300 dpi (413 × 579), which is also the smallest crop accepted. */
  pixels: PhotoSize;
  /** Target aspect ratio, width / height (35 / 49). */
  ratio: number;
  /** Ratios accepted before the server crops to `ratio` (35 / 53 to 35 / 45 for Puyang). */
  ratioMin: number;
  ratioMax: number;
  background: PhotoBackground;
  /** Paper prints per person in the package; 0: electronic only, no photo sheet. */
  prints: number;
}

/** The Puyang notice's photo, the rules of every campaign set up without a definition. */
export const PUYANG_PHOTO: Omit<PhotoDefinition, 'categories'> = {
  label: '2寸蓝底彩色证件照',
  mm: { width: 35, height: 49 },
  pixels: { width: 413, height: 579 },
  acceptHeightMm: { min: 45, max: 53 },
  background: 'blue',
  prints: 3,
};

/** How a campaign's photo is described: by its definition, when it has one. */
export interface PhotoCampaign {
  definition?: { photo?: Omit<PhotoDefinition, 'categories'> };
}

/**
 * The campaign's photo rules. A definition without `acceptHeightMm` accepts the same tolerance as
 * Puyang's (heights from 45/49 to 53/49 of the photo's), so a 3:4 phone photo passes either size.
 */
export function photoRulesOf(c: PhotoCampaign): PhotoRules {
  const p = c.definition?.photo ?? PUYANG_PHOTO;
  const { width, height } = p.mm;
  const accept = p.acceptHeightMm ?? { min: (height * 45) / 49, max: (height * 53) / 49 };
  return {
    label: p.label,
    mm: { width, height },
    pixels: { width: p.pixels.width, height: p.pixels.height },
    ratio: width / height,
    ratioMin: width / accept.max,
    ratioMax: width / accept.min,
    background: p.background,
    prints: p.prints,
  };
}

/** The colours' names in messages: 背景应为白色. */
export const BACKGROUND_NAMES: Record<PhotoBackground, string> = { blue: '蓝色', white: '白色', red: '红色' };

/** Direct uploads: phones produce 3–12 MB; anything larger is refused before decoding. */
export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;
/** Decoding limit, so a crafted image cannot exhaust memory (80 megapixels). */
export const PHOTO_MAX_PIXELS = 80_000_000;
/**
 * Content types the presigned POST allows for a photo. Not HEIC: the Lambda's sharp has no HEVC
 * decoder, and the web app re-encodes every photo as JPEG before it uploads.
 */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Share of sampled background pixels that must have the campaign's colour. */
export const BACKGROUND_MIN_SHARE = 0.8;

/**
 * Is this pixel a background blue? Blue is not standardised (the common value is RGB(67,142,219));
 * accept hues from sky to royal blue that are saturated and not too dark.
 */
export function isBackgroundBlue(r: number, g: number, b: number): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max !== b || max < 90) return false;
  const saturation = (max - min) / max;
  if (saturation < 0.3) return false;
  const delta = max - min;
  let hue = 60 * ((r - g) / delta + 4);
  if (hue < 0) hue += 360;
  return hue >= 190 && hue <= 250;
}

/**
 * Is this pixel a background white? White or very light and nearly grey: a studio white, an
 * off-white wall or a slightly warm or cool backdrop, not a pale blue, a skin tone or a grey.
 */
export function isBackgroundWhite(r: number, g: number, b: number): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  return min >= 200 && (max - min) / max <= 0.08;
}

/**
 * Is this pixel a background red? The ID-photo reds (RGB(255,0,0), RGB(220,20,20) and darker
 * studio reds): hues within 15° of red, saturated, not too dark; not a skin tone or orange.
 */
export function isBackgroundRed(r: number, g: number, b: number): boolean {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max !== r || max < 110) return false;
  const delta = max - min;
  if (delta / max < 0.6) return false;
  const hue = (60 * (g - b)) / delta; // −60…60 when red is the largest channel
  return hue >= -15 && hue <= 15;
}

const IS_BACKGROUND: Record<PhotoBackground, (r: number, g: number, b: number) => boolean> = {
  blue: isBackgroundBlue,
  white: isBackgroundWhite,
  red: isBackgroundRed,
};

/**
 * Where to look for background: the two upper corners and the upper halves of the side edges,
 * where a portrait's head and shoulders do not reach. Fractions of width and height.
 */
export const BACKGROUND_REGIONS = [
  { left: 0, top: 0, width: 0.18, height: 0.5 },
  { left: 0.82, top: 0, width: 0.18, height: 0.5 },
  { left: 0, top: 0, width: 1, height: 0.06 },
] as const;

/**
 * The largest crop of `ratio` (width / height) centred in a w × h image. An image within a pixel
 * of the ratio is kept whole: 413 × 579 itself is 35:49 only to the pixel (35:49 of 579 is
 * 413.57), and must not lose a row.
 */
export function centreCrop(
  w: number,
  h: number,
  ratio: number,
): { left: number; top: number; width: number; height: number } {
  if (Math.abs(w - h * ratio) < 1 || Math.abs(h - w / ratio) < 1) {
    return { left: 0, top: 0, width: w, height: h };
  }
  if (w / h > ratio) {
    const width = Math.round(h * ratio);
    return { left: Math.floor((w - width) / 2), top: 0, width, height: h };
  }
  const height = Math.round(w / ratio);
  return { left: 0, top: Math.floor((h - height) / 2), width: w, height };
}

/**
 * Share (0–1) of the pixels inside BACKGROUND_REGIONS that have the `background` colour, each
 * pixel counted once where regions overlap. `pixels` is interleaved 8-bit RGB or RGBA, row by row
 * (sharp's raw output, or a canvas ImageData's data), of an image already cropped and upright.
 */
export function backgroundShare(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  channels: 3 | 4,
  background: PhotoBackground,
): number {
  const isBackground = IS_BACKGROUND[background];
  const boxes = BACKGROUND_REGIONS.map((r) => ({
    x0: Math.floor(r.left * width),
    x1: Math.min(width, Math.ceil((r.left + r.width) * width)),
    y0: Math.floor(r.top * height),
    y1: Math.min(height, Math.ceil((r.top + r.height) * height)),
  }));
  const lastRow = Math.max(...boxes.map((box) => box.y1));
  let sampled = 0;
  let matching = 0;
  for (let y = 0; y < lastRow; y++) {
    for (let x = 0; x < width; x++) {
      let inside = false;
      for (const box of boxes) {
        if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) {
          inside = true;
          break;
        }
      }
      if (!inside) continue;
      const i = (y * width + x) * channels;
      sampled++;
      if (isBackground(pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0)) matching++;
    }
  }
  return sampled === 0 ? 0 : matching / sampled;
}
