import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_REGIONS,
  backgroundBlueShare,
  centreCrop,
  isBackgroundBlue,
  PHOTO_OUTPUT,
  PHOTO_RATIO,
  PHOTO_RATIO_MAX,
  PHOTO_RATIO_MIN,
} from '#shared/photo-rules';

const rgb = (hex: string): [number, number, number] => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
];

describe('isBackgroundBlue', () => {
  it.each([
    ['#438EDB', 'the common ID-photo blue RGB(67,142,219)'],
    ['#5A9BE0', 'a lighter ID-photo blue'],
    ['#8CBCF0', 'a pale sky blue'],
    ['#99CCFF', 'a light blue backdrop'],
    ['#00BFF3', 'a cyan-leaning blue'],
    ['#2F6FC0', 'a darker blue'],
    ['#1E50A0', 'a royal blue'],
    ['#0000FF', 'pure blue'],
    ['#102A60', 'a deep navy, still bright enough'],
  ])('%s (%s) is background blue', (hex) => {
    expect(isBackgroundBlue(...rgb(hex))).toBe(true);
  });

  it.each([
    ['#FFFFFF', 'white'],
    ['#F5F5F5', 'an off-white wall'],
    ['#C0C0C0', 'light grey'],
    ['#808080', 'grey'],
    ['#000000', 'black'],
    ['#1B1B1F', 'black hair'],
    ['#B4C4D4', 'a bluish grey (not saturated enough)'],
    ['#0A1A40', 'a navy too dark to tell from a shadow'],
    ['#F1C27D', 'a light skin tone'],
    ['#E0AC69', 'a medium skin tone'],
    ['#C68642', 'a tan skin tone'],
    ['#8D5524', 'a dark skin tone'],
    ['#4CAF50', 'green'],
    ['#2E8B57', 'sea green'],
    ['#00C8C8', 'teal/cyan (hue 180)'],
    ['#8A2BE2', 'violet'],
    ['#DC1414', 'red'],
  ])('%s (%s) is not background blue', (hex) => {
    expect(isBackgroundBlue(...rgb(hex))).toBe(false);
  });
});

describe('centreCrop', () => {
  it('cuts the sides of a 3:4 phone photo, centred', () => {
    // 4032 × 35/49 = 2880; (3024 − 2880) / 2 = 72 on each side.
    expect(centreCrop(3024, 4032)).toEqual({ left: 72, top: 0, width: 2880, height: 4032 });
  });

  it('cuts the sides of a landscape image', () => {
    expect(centreCrop(4032, 3024)).toEqual({ left: 936, top: 0, width: 2160, height: 3024 });
  });

  it('cuts top and bottom of an image taller than 35:49', () => {
    // 1000 × 49/35 = 1400; (2000 − 1400) / 2 = 300.
    expect(centreCrop(1000, 2000)).toEqual({ left: 0, top: 300, width: 1000, height: 1400 });
    expect(centreCrop(1080, 2400)).toEqual({ left: 0, top: 444, width: 1080, height: 1512 });
  });

  it('keeps an image that is 35:49 to the pixel whole, 413 × 579 included', () => {
    for (const [w, h] of [
      [PHOTO_OUTPUT.width, PHOTO_OUTPUT.height],
      [350, 490],
      [1080, 1512],
      [414, 579],
    ] as const) {
      expect(centreCrop(w, h)).toEqual({ left: 0, top: 0, width: w, height: h });
    }
  });

  it('always gives the largest centred 35:49 rectangle inside the image', () => {
    for (let w = 200; w <= 4000; w += 137) {
      for (let h = 200; h <= 5000; h += 151) {
        const c = centreCrop(w, h);
        expect(c.left + c.width).toBeLessThanOrEqual(w);
        expect(c.top + c.height).toBeLessThanOrEqual(h);
        expect(c.width === w || c.height === h).toBe(true);
        expect(Math.abs(c.width - c.height * PHOTO_RATIO)).toBeLessThan(1);
        expect(Math.abs(w - c.width - 2 * c.left)).toBeLessThanOrEqual(1);
        expect(Math.abs(h - c.height - 2 * c.top)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('accepts phone 3:4 between the ratio bounds, which are 35:53 and 35:45', () => {
    expect(PHOTO_RATIO_MIN).toBeCloseTo(0.66, 2);
    expect(PHOTO_RATIO_MAX).toBeCloseTo(0.778, 3);
    expect(3 / 4).toBeGreaterThan(PHOTO_RATIO_MIN);
    expect(3 / 4).toBeLessThan(PHOTO_RATIO_MAX);
  });
});

describe('backgroundBlueShare', () => {
  const BLUE = rgb('#438EDB');
  const WHITE = rgb('#FFFFFF');

  /** A 100 × 100 image, `channels` per pixel, coloured by `paint(x, y)`. */
  function image(channels: 3 | 4, paint: (x: number, y: number) => [number, number, number]): Uint8Array {
    const pixels = new Uint8Array(100 * 100 * channels);
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) {
        pixels.set(paint(x, y), (y * 100 + x) * channels);
        if (channels === 4) pixels[(y * 100 + x) * 4 + 3] = 255;
      }
    }
    return pixels;
  }
  // The union of BACKGROUND_REGIONS on 100 × 100: two 18 × 50 side boxes plus the rest of the
  // 6-row top strip, 64 × 6.
  const SAMPLED = 18 * 50 * 2 + 64 * 6;

  it('checks the regions it documents', () => {
    expect(BACKGROUND_REGIONS).toHaveLength(3);
  });

  it('is 1 for an all-blue image and 0 for an all-white one, RGB or RGBA', () => {
    for (const channels of [3, 4] as const) {
      expect(
        backgroundBlueShare(
          image(channels, () => BLUE),
          100,
          100,
          channels,
        ),
      ).toBe(1);
      expect(
        backgroundBlueShare(
          image(channels, () => WHITE),
          100,
          100,
          channels,
        ),
      ).toBe(0);
    }
  });

  it('ignores the middle and the bottom half, where the person is', () => {
    const person = image(3, (x, y) => (y >= 50 || (x >= 18 && x < 82 && y >= 6) ? WHITE : BLUE));
    expect(backgroundBlueShare(person, 100, 100, 3)).toBe(1);
  });

  it('counts pixels where regions overlap once', () => {
    const whiteTop = image(3, (_, y) => (y < 6 ? WHITE : BLUE));
    expect(backgroundBlueShare(whiteTop, 100, 100, 3)).toBeCloseTo(1 - 600 / SAMPLED, 10);
  });
});
