/**
 * The browser side of the photo: decode upright, keep a working copy small enough for old
 * phones' canvas limits, render the chosen crop at the stored size and encode it as JPEG.
 * Canvas and createImageBitmap only: no library.
 */
import type { Crop, Size } from './crop.ts';
import { workingScale } from './crop.ts';

/** The working copy's longer side: enough for a 413×579 crop at 3× zoom, small for memory. */
const WORKING_MAX = 2048;
/** JPEG quality of the upload: a blue-background 413×579 photo stays well under 150 KB. */
export const JPEG_QUALITY = 0.92;

function canvasOf(size: Size): [HTMLCanvasElement, CanvasRenderingContext2D] {
  const c = document.createElement('canvas');
  c.width = Math.round(size.width);
  c.height = Math.round(size.height);
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return [c, ctx];
}

function imgFrom(file: Blob): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('decode'));
    };
    img.src = url;
  });
}

/**
 * The photo upright (EXIF orientation applied) on a canvas no larger than WORKING_MAX.
 * createImageBitmap's `imageOrientation: 'from-image'` where supported; otherwise an <img>,
 * which browsers since Chrome 81 / iOS 13.4 draw upright too (older ones: the rotate button).
 */
export async function decodePhoto(file: Blob): Promise<HTMLCanvasElement> {
  let source: ImageBitmap | HTMLImageElement | undefined;
  if (typeof createImageBitmap === 'function') {
    try {
      source = await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
      // Unknown option value on older engines, or an undecodable format: try an <img>.
    }
  }
  if (!source) source = await imgFrom(file);
  const size = { width: source.width, height: source.height };
  const k = workingScale(size, WORKING_MAX);
  const [canvas, ctx] = canvasOf({ width: size.width * k, height: size.height * k });
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  if ('close' in source) source.close();
  return canvas;
}

/** The image turned a quarter clockwise. */
export function rotateQuarter(image: HTMLCanvasElement): HTMLCanvasElement {
  const [canvas, ctx] = canvasOf({ width: image.height, height: image.width });
  ctx.translate(canvas.width, 0);
  ctx.rotate(Math.PI / 2);
  ctx.drawImage(image, 0, 0);
  return canvas;
}

/**
 * The crop drawn at `out` pixels, halving first while the source is more than twice as large
 * (one bilinear step from a large source aliases on engines without high-quality smoothing).
 */
export function renderCrop(image: HTMLCanvasElement, crop: Crop, out: Size): HTMLCanvasElement {
  let src: HTMLCanvasElement = image;
  let { left, top, width, height } = crop;
  while (width / 2 >= out.width) {
    const [half, ctx] = canvasOf({ width: width / 2, height: height / 2 });
    ctx.drawImage(src, left, top, width, height, 0, 0, half.width, half.height);
    src = half;
    left = 0;
    top = 0;
    width = half.width;
    height = half.height;
  }
  const [canvas, ctx] = canvasOf(out);
  ctx.drawImage(src, left, top, width, height, 0, 0, out.width, out.height);
  return canvas;
}

export function toJpeg(canvas: HTMLCanvasElement, quality = JPEG_QUALITY): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/jpeg', quality),
  );
}
