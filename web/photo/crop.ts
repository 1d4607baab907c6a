/**
 * Crop geometry for the campaign's ID photo, in the image's own pixels: a frame of the photo's
 * ratio (35:49 for a 2-inch one) the user moves and zooms over the (upright) image. Zoom 1 is the
 * largest frame that fits (`centreCrop`); zooming in shrinks the frame, never below the pixels
 * the stored photo needs.
 */
import { centreCrop, type PhotoRules } from '#shared/photo-rules';

/** What the cropper needs of the campaign's photo rules: its ratio and the stored size. */
export type Frame = Pick<PhotoRules, 'ratio' | 'pixels'>;

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

/** The largest frame that fits, centred: zoom 1. */
export function baseCrop(image: Size, frame: Frame): Crop {
  return centreCrop(image.width, image.height, frame.ratio);
}

/** The most the user may zoom in: the frame keeps at least the stored photo's pixels, and at most 4×. */
export function maxZoom(image: Size, frame: Frame): number {
  return Math.max(1, Math.min(4, baseCrop(image, frame).height / frame.pixels.height));
}

/** Does the image have enough pixels for the stored photo (413×579 for a 2-inch one)? */
export function isLargeEnough(image: Size, frame: Frame): boolean {
  const base = baseCrop(image, frame);
  return base.width >= frame.pixels.width - 1 && base.height >= frame.pixels.height - 1;
}

/** How far the frame is zoomed in, 1 = the largest frame. */
export function zoomOf(image: Size, crop: Crop, frame: Frame): number {
  return baseCrop(image, frame).height / crop.height;
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
export function zoomCrop(
  image: Size,
  crop: Crop,
  frame: Frame,
  zoom: number,
  focus?: { x: number; y: number },
): Crop {
  const z = Math.min(Math.max(zoom, 1), maxZoom(image, frame));
  const height = baseCrop(image, frame).height / z;
  const width = height * frame.ratio;
  const fx = focus ? focus.x : crop.left + crop.width / 2;
  const fy = focus ? focus.y : crop.top + crop.height / 2;
  return clampCrop(image, {
    left: fx - (fx - crop.left) * (width / crop.width),
    top: fy - (fy - crop.top) * (height / crop.height),
    width,
    height,
  });
}

/** The size the crop is rendered at for upload: exactly the stored photo's size. */
export function outputSize(frame: Frame): Size {
  return { width: frame.pixels.width, height: frame.pixels.height };
}

/** The image scaled to fit a box (contain), as a factor. */
export function fitScale(image: Size, box: Size): number {
  return Math.min(box.width / image.width, box.height / image.height);
}

/** The scale factor that brings an image's longer side down to `max` pixels (never up). */
export function workingScale(image: Size, max: number): number {
  return Math.min(1, max / Math.max(image.width, image.height));
}
