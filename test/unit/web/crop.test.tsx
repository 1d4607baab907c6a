import { describe, expect, it } from 'vitest';
import { centreCrop, photoRulesOf } from '#shared/photo-rules';
import {
  clampCrop,
  fitScale,
  isLargeEnough,
  maxZoom,
  moveCrop,
  outputSize,
  workingScale,
  zoomCrop,
  zoomOf,
} from '../../../web/photo/crop.ts';

/** A campaign without a definition: the Puyang 2-inch photo, 35:49 at 413×579. */
const F = photoRulesOf({});

/** A 3024×4032 phone photo as the working copy holds it (longer side 2048). */
const phone = { width: 1536, height: 2048 };
const inside = (img: { width: number; height: number }, c: ReturnType<typeof centreCrop>) =>
  c.left >= 0 && c.top >= 0 && c.left + c.width <= img.width + 1e-9 && c.top + c.height <= img.height + 1e-9;

describe('photo crop geometry', () => {
  it('starts from the largest centred 35:49 frame at zoom 1', () => {
    const c = centreCrop(phone.width, phone.height, F.ratio);
    expect(zoomOf(phone, c, F)).toBeCloseTo(1);
    expect(c.width / c.height).toBeCloseTo(F.ratio, 2);
    expect(c.left).toBeGreaterThan(0);
  });

  it('zooms in around the frame centre, keeping 35:49 and staying inside the image', () => {
    const c0 = centreCrop(phone.width, phone.height, F.ratio);
    const c = zoomCrop(phone, c0, F, 2);
    expect(c.height).toBeCloseTo(c0.height / 2);
    expect(c.width / c.height).toBeCloseTo(F.ratio, 6);
    expect(c.left + c.width / 2).toBeCloseTo(c0.left + c0.width / 2);
    expect(c.top + c.height / 2).toBeCloseTo(c0.top + c0.height / 2);
    expect(inside(phone, c)).toBe(true);
  });

  it('never zooms in past the pixels a 413×579 photo needs, nor out past the whole image', () => {
    const c0 = centreCrop(phone.width, phone.height, F.ratio);
    const tight = zoomCrop(phone, c0, F, 100);
    expect(tight.height).toBeGreaterThanOrEqual(F.pixels.height - 1e-9);
    expect(zoomOf(phone, tight, F)).toBeCloseTo(maxZoom(phone, F));
    const wide = zoomCrop(phone, tight, F, 0.2);
    expect(zoomOf(phone, wide, F)).toBeCloseTo(1);
    expect(inside(phone, wide)).toBe(true);
  });

  it('keeps a pinch focus point where it is in the frame', () => {
    const c0 = centreCrop(phone.width, phone.height, F.ratio);
    const focus = { x: c0.left + c0.width * 0.25, y: c0.top + c0.height * 0.3 };
    const c = zoomCrop(phone, c0, F, 1.5, focus);
    expect((focus.x - c.left) / c.width).toBeCloseTo(0.25);
    expect((focus.y - c.top) / c.height).toBeCloseTo(0.3);
  });

  it('moves the frame and stops it at the image edges', () => {
    const c = zoomCrop(phone, centreCrop(phone.width, phone.height, F.ratio), F, 2);
    const moved = moveCrop(phone, c, 30, -40);
    expect(moved.left).toBeCloseTo(c.left + 30);
    expect(moved.top).toBeCloseTo(c.top - 40);
    const far = moveCrop(phone, c, 10_000, 10_000);
    expect(far.left + far.width).toBeCloseTo(phone.width);
    expect(far.top + far.height).toBeCloseTo(phone.height);
    const back = moveCrop(phone, c, -10_000, -10_000);
    expect(back.left).toBe(0);
    expect(back.top).toBe(0);
    expect(clampCrop(phone, { left: -5, top: 3000, width: 200, height: 280 })).toEqual({
      left: 0,
      top: phone.height - 280,
      width: 200,
      height: 280,
    });
  });

  it('refuses images with too few pixels for a 2-inch photo', () => {
    expect(isLargeEnough({ width: 200, height: 280 }, F)).toBe(false);
    expect(isLargeEnough({ width: 413, height: 579 }, F)).toBe(true);
    expect(isLargeEnough(phone, F)).toBe(true);
    expect(maxZoom({ width: 413, height: 579 }, F)).toBe(1);
  });

  it('renders at the stored 2-inch size and fits the preview to the screen', () => {
    expect(outputSize(F)).toEqual({ width: F.pixels.width, height: F.pixels.height });
    expect(workingScale({ width: 3024, height: 4032 }, 2048)).toBeCloseTo(2048 / 4032);
    expect(workingScale({ width: 800, height: 600 }, 2048)).toBe(1);
    expect(fitScale(phone, { width: 336, height: 444 })).toBeCloseTo(444 / 2048);
  });
});
