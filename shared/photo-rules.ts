/**
 * The 2-inch ID photo (二寸证件照) rules: 35 × 49 mm, 413 × 579 px at 300 dpi, blue background.
 * Pure numbers and pixel tests shared by the phone's cropper and the server's processor.
 */

/** Target aspect ratio, width / height. */
export const PHOTO_RATIO = 35 / 49;
/** Ratios accepted before the server crops to 35:49 (from 35×53 to 35×45). */
export const PHOTO_RATIO_MIN = 35 / 53;
export const PHOTO_RATIO_MAX = 35 / 45;
/** The smallest stored photo: 2 inches at 300 dpi. */
export const PHOTO_MIN_WIDTH = 413;
export const PHOTO_MIN_HEIGHT = 579;
/** The stored, normalised photo's size: exactly 2 inches at 300 dpi. */
export const PHOTO_OUTPUT = { width: 413, height: 579 } as const;
/** Direct uploads: phones produce 3–12 MB; anything larger is refused before decoding. */
export const UPLOAD_MAX_BYTES = 15 * 1024 * 1024;
/** Decoding limit, so a crafted image cannot exhaust memory (80 megapixels). */
export const PHOTO_MAX_PIXELS = 80_000_000;
/**
 * Content types the presigned POST allows for a photo. Not HEIC: the Lambda's sharp has no HEVC
 * decoder, and the web app re-encodes every photo as JPEG before it uploads.
 */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Share of sampled background pixels that must be blue. */
export const BLUE_BACKGROUND_MIN_SHARE = 0.8;

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
 * Where to look for background: the two upper corners and the upper halves of the side edges,
 * where a portrait's head and shoulders do not reach. Fractions of width and height.
 */
export const BACKGROUND_REGIONS = [
  { left: 0, top: 0, width: 0.18, height: 0.5 },
  { left: 0.82, top: 0, width: 0.18, height: 0.5 },
  { left: 0, top: 0, width: 1, height: 0.06 },
] as const;

/**
 * The largest 35:49 crop centred in a w × h image. An image within a pixel of 35:49 is kept whole:
 * 413 × 579 itself is 35:49 only to the pixel (35:49 of 579 is 413.57), and must not lose a row.
 */
export function centreCrop(
  w: number,
  h: number,
): { left: number; top: number; width: number; height: number } {
  if (Math.abs(w - h * PHOTO_RATIO) < 1 || Math.abs(h - w / PHOTO_RATIO) < 1) {
    return { left: 0, top: 0, width: w, height: h };
  }
  if (w / h > PHOTO_RATIO) {
    const width = Math.round(h * PHOTO_RATIO);
    return { left: Math.floor((w - width) / 2), top: 0, width, height: h };
  }
  const height = Math.round(w / PHOTO_RATIO);
  return { left: 0, top: Math.floor((h - height) / 2), width: w, height };
}

/**
 * Share (0–1) of the pixels inside BACKGROUND_REGIONS that pass isBackgroundBlue, each pixel counted
 * once where regions overlap. `pixels` is interleaved 8-bit RGB or RGBA, row by row (sharp's raw
 * output, or a canvas ImageData's data), of an image already cropped to 35:49 and upright.
 */
export function backgroundBlueShare(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  channels: 3 | 4,
): number {
  const boxes = BACKGROUND_REGIONS.map((r) => ({
    x0: Math.floor(r.left * width),
    x1: Math.min(width, Math.ceil((r.left + r.width) * width)),
    y0: Math.floor(r.top * height),
    y1: Math.min(height, Math.ceil((r.top + r.height) * height)),
  }));
  const lastRow = Math.max(...boxes.map((box) => box.y1));
  let sampled = 0;
  let blue = 0;
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
      if (isBackgroundBlue(pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0)) blue++;
    }
  }
  return sampled === 0 ? 0 : blue / sampled;
}
