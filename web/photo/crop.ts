/**
 * Crop geometry for the 2-inch photo, in the image's own pixels: a 35:49 frame the user moves
 * and zooms over the (upright) image. Zoom 1 is the largest frame that fits (`centreCrop`);
 * zooming in shrinks the frame, never below the pixels the stored photo needs.
 */
import { centreCrop, PHOTO_OUTPUT, PHOTO_RATIO } from '#shared/photo-rules';

export interface Size {
  width: number;
  height: number;
}
export interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The most the user may zoom in: the frame keeps at least PHOTO_OUTPUT pixels, and at most 4×. */
export function maxZoom(image: Size): number {
  const base = centreCrop(image.width, image.height);
  return Math.max(1, Math.min(4, base.height / PHOTO_OUTPUT.height));
}

/** Does the image have enough pixels for a 413×579 photo? */
export function isLargeEnough(image: Size): boolean {
  const base = centreCrop(image.width, image.height);
  return base.width >= PHOTO_OUTPUT.width - 1 && base.height >= PHOTO_OUTPUT.height - 1;
}

/** How far the frame is zoomed in, 1 = the largest frame. */
export function zoomOf(image: Size, crop: Crop): number {
  return centreCrop(image.width, image.height).height / crop.height;
}

/** Keep the frame inside the image. */
export function clampCrop(image: Size, crop: Crop): Crop {
  const width = Math.min(crop.width, image.width);
  const height = Math.min(crop.height, image.height);
  return {
    left: Math.min(Math.max(0, crop.left), image.width - width),
    top: Math.min(Math.max(0, crop.top), image.height - height),
    width,
    height,
  };
}

/** The frame moved by (dx, dy) image pixels, stopped at the image's edges. */
export function moveCrop(image: Size, crop: Crop, dx: number, dy: number): Crop {
  return clampCrop(image, { ...crop, left: crop.left + dx, top: crop.top + dy });
}

/**
 * The frame at another zoom, keeping the focus point (image pixels; default the frame's centre)
 * where it is within the frame, then clamped to the image. Zoom is limited to [1, maxZoom].
 */
export function zoomCrop(image: Size, crop: Crop, zoom: number, focus?: { x: number; y: number }): Crop {
  const z = Math.min(Math.max(zoom, 1), maxZoom(image));
  const base = centreCrop(image.width, image.height);
  const height = base.height / z;
  const width = height * PHOTO_RATIO;
  const fx = focus ? focus.x : crop.left + crop.width / 2;
  const fy = focus ? focus.y : crop.top + crop.height / 2;
  return clampCrop(image, {
    left: fx - (fx - crop.left) * (width / crop.width),
    top: fy - (fy - crop.top) * (height / crop.height),
    width,
    height,
  });
}

/** The size the crop is rendered at for upload: exactly the stored 2-inch photo size. */
export function outputSize(): Size {
  return { width: PHOTO_OUTPUT.width, height: PHOTO_OUTPUT.height };
}

/** The image scaled to fit a box (contain), as a factor. */
export function fitScale(image: Size, box: Size): number {
  return Math.min(box.width / image.width, box.height / image.height);
}

/** The scale factor that brings an image's longer side down to `max` pixels (never up). */
export function workingScale(image: Size, max: number): number {
  return Math.min(1, max / Math.max(image.width, image.height));
}
