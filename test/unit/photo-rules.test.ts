import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_REGIONS,
  backgroundShare,
  centreCrop,
  isBackgroundBlue,
  isBackgroundRed,
  isBackgroundWhite,
  photoRulesOf,
} from '#shared/photo-rules';
import { definitionFile } from '../support/definitions.ts';

/** A campaign without a definition: the Puyang notice's 2-inch blue photo. */
const PUYANG = photoRulesOf({});
const RATIO = PUYANG.ratio;

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

describe('photoRulesOf', () => {
  it('gives a campaign without a definition the Puyang 2-inch blue photo', () => {
    expect(PUYANG).toEqual({
      label: '2寸蓝底彩色证件照',
      mm: { width: 35, height: 49 },
      pixels: { width: 413, height: 579 },
      ratio: 35 / 49,
      ratioMin: 35 / 53,
      ratioMax: 35 / 45,
      background: 'blue',
      prints: 3,
    });
  });

  it('reads campaigns/puyang-2024.yaml as the same rules as a campaign without a definition', () => {
    expect(photoRulesOf({ definition: definitionFile('puyang-2024.yaml') })).toEqual(PUYANG);
  });

  it('reads campaigns/qingfeng-2026-teachers.yaml: 1-inch, white, no prints, Puyang’s tolerance', () => {
    const rules = photoRulesOf({ definition: definitionFile('qingfeng-2026-teachers.yaml') });
    expect(rules).toMatchObject({
      label: '1寸白底彩色证件照',
      mm: { width: 25, height: 35 },
      pixels: { width: 295, height: 413 },
      background: 'white',
      prints: 0,
    });
    expect(rules.ratio).toBe(25 / 35);
    // no acceptHeightMm: heights from 45/49 to 53/49 of 35 mm, the same ratios as Puyang's
    expect(rules.ratioMin).toBeCloseTo(PUYANG.ratioMin, 10);
    expect(rules.ratioMax).toBeCloseTo(PUYANG.ratioMax, 10);
  });

  it('takes a definition’s own accepted heights', () => {
    const photo = { ...definitionFile('puyang-2024.yaml').photo, acceptHeightMm: { min: 47, max: 51 } };
    const rules = photoRulesOf({ definition: { photo } as never });
    expect([rules.ratioMin, rules.ratioMax]).toEqual([35 / 51, 35 / 47]);
  });
});

describe('isBackgroundWhite', () => {
  it.each([
    ['#FFFFFF', 'white'],
    ['#F5F5F5', 'an off-white wall'],
    ['#F7F5F0', 'a warm white backdrop'],
    ['#EEF2F6', 'a cool white backdrop'],
    ['#DCDCDC', 'a very light grey'],
  ])('%s (%s) is background white', (hex) => {
    expect(isBackgroundWhite(...rgb(hex))).toBe(true);
  });

  it.each([
    ['#438EDB', 'the ID-photo blue'],
    ['#99CCFF', 'a light blue backdrop'],
    ['#C0C0C0', 'light grey'],
    ['#808080', 'grey'],
    ['#F1C27D', 'a light skin tone'],
    ['#FFE4C4', 'a pale skin tone'],
    ['#DC1414', 'red'],
    ['#1B1B1F', 'black hair'],
  ])('%s (%s) is not background white', (hex) => {
    expect(isBackgroundWhite(...rgb(hex))).toBe(false);
  });
});

describe('isBackgroundRed', () => {
  it.each([
    ['#FF0000', 'pure red'],
    ['#DC1414', 'the common ID-photo red'],
    ['#C81E1E', 'a darker studio red'],
    ['#E8103C', 'a crimson'],
  ])('%s (%s) is background red', (hex) => {
    expect(isBackgroundRed(...rgb(hex))).toBe(true);
  });

  it.each([
    ['#FFFFFF', 'white'],
    ['#438EDB', 'blue'],
    ['#F1C27D', 'a light skin tone'],
    ['#C68642', 'a tan skin tone'],
    ['#8D5524', 'a dark skin tone'],
    ['#FF8C00', 'orange'],
    ['#E07070', 'a pink'],
    ['#500000', 'a red too dark to tell from a shadow'],
  ])('%s (%s) is not background red', (hex) => {
    expect(isBackgroundRed(...rgb(hex))).toBe(false);
  });
});

describe('centreCrop', () => {
  it('cuts the sides of a 3:4 phone photo, centred', () => {
    // 4032 × 35/49 = 2880; (3024 − 2880) / 2 = 72 on each side.
    expect(centreCrop(3024, 4032, RATIO)).toEqual({ left: 72, top: 0, width: 2880, height: 4032 });
  });

  it('cuts the sides of a landscape image', () => {
    expect(centreCrop(4032, 3024, RATIO)).toEqual({ left: 936, top: 0, width: 2160, height: 3024 });
  });

  it('cuts top and bottom of an image taller than 35:49', () => {
    // 1000 × 49/35 = 1400; (2000 − 1400) / 2 = 300.
    expect(centreCrop(1000, 2000, RATIO)).toEqual({ left: 0, top: 300, width: 1000, height: 1400 });
    expect(centreCrop(1080, 2400, RATIO)).toEqual({ left: 0, top: 444, width: 1080, height: 1512 });
  });

  it('keeps an image that is 35:49 to the pixel whole, 413 × 579 included', () => {
    for (const [w, h] of [
      [PUYANG.pixels.width, PUYANG.pixels.height],
      [350, 490],
      [1080, 1512],
      [414, 579],
    ] as const) {
      expect(centreCrop(w, h, RATIO)).toEqual({ left: 0, top: 0, width: w, height: h });
    }
  });

  it('always gives the largest centred 35:49 rectangle inside the image', () => {
    for (let w = 200; w <= 4000; w += 137) {
      for (let h = 200; h <= 5000; h += 151) {
        const c = centreCrop(w, h, RATIO);
        expect(c.left + c.width).toBeLessThanOrEqual(w);
        expect(c.top + c.height).toBeLessThanOrEqual(h);
        expect(c.width === w || c.height === h).toBe(true);
        expect(Math.abs(c.width - c.height * RATIO)).toBeLessThan(1);
        expect(Math.abs(w - c.width - 2 * c.left)).toBeLessThanOrEqual(1);
        expect(Math.abs(h - c.height - 2 * c.top)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('accepts phone 3:4 between the ratio bounds, which are 35:53 and 35:45', () => {
    expect(PUYANG.ratioMin).toBeCloseTo(0.66, 2);
    expect(PUYANG.ratioMax).toBeCloseTo(0.778, 3);
    expect(3 / 4).toBeGreaterThan(PUYANG.ratioMin);
    expect(3 / 4).toBeLessThan(PUYANG.ratioMax);
  });
});

describe('backgroundShare on blue', () => {
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
        backgroundShare(
          image(channels, () => BLUE),
          100,
          100,
          channels,
          'blue',
        ),
      ).toBe(1);
      expect(
        backgroundShare(
          image(channels, () => WHITE),
          100,
          100,
          channels,
          'blue',
        ),
      ).toBe(0);
    }
  });

  it('ignores the middle and the bottom half, where the person is', () => {
    const person = image(3, (x, y) => (y >= 50 || (x >= 18 && x < 82 && y >= 6) ? WHITE : BLUE));
    expect(backgroundShare(person, 100, 100, 3, 'blue')).toBe(1);
  });

  it('counts pixels where regions overlap once', () => {
    const whiteTop = image(3, (_, y) => (y < 6 ? WHITE : BLUE));
    expect(backgroundShare(whiteTop, 100, 100, 3, 'blue')).toBeCloseTo(1 - 600 / SAMPLED, 10);
  });
});

describe('backgroundShare by colour', () => {
  const plain = (hex: string) => {
    const [r, g, b] = rgb(hex);
    return new Uint8Array(10 * 10 * 3).map((_, i) => [r, g, b][i % 3] as number);
  };

  it('counts the campaign’s colour only', () => {
    expect(backgroundShare(plain('#FFFFFF'), 10, 10, 3, 'white')).toBe(1);
    expect(backgroundShare(plain('#438EDB'), 10, 10, 3, 'white')).toBe(0);
    expect(backgroundShare(plain('#DC1414'), 10, 10, 3, 'red')).toBe(1);
    expect(backgroundShare(plain('#FFFFFF'), 10, 10, 3, 'red')).toBe(0);
    expect(backgroundShare(plain('#FFFFFF'), 10, 10, 3, 'blue')).toBe(0);
  });
});
