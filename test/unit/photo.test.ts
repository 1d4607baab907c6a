import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AcceptedPortrait, checkPortrait, type PortraitVerdict } from '#lib/photo';
import { PHOTO_MAX_PIXELS, photoRulesOf, UPLOAD_MAX_BYTES } from '#shared/photo-rules';
import { oneInchWhitePhoto } from '../support/definitions.ts';

/** A campaign without a definition: the Puyang 2-inch blue photo. */
const PUYANG = photoRulesOf({});

const fixture = (name: string) => readFileSync(new URL(`../fixtures/photos/${name}`, import.meta.url));

const BLUE = { r: 67, g: 142, b: 219 };
const RED = { r: 220, g: 20, b: 20 };
const WHITE = { r: 255, g: 255, b: 255 };

/** A plain portrait: `width` × `height` of a colour, with optional rectangles painted on it. */
async function portrait(
  width: number,
  height: number,
  background: { r: number; g: number; b: number },
  patches: { left: number; top: number; width: number; height: number; colour: typeof RED }[] = [],
): Promise<Sharp> {
  const base = sharp({ create: { width, height, channels: 3, background } });
  const composites = await Promise.all(
    patches.map(async (p) => ({
      input: await sharp({ create: { width: p.width, height: p.height, channels: 3, background: p.colour } })
        .png()
        .toBuffer(),
      left: p.left,
      top: p.top,
    })),
  );
  // Flatten the composite into pixels so later operations (rotate) see one image.
  return sharp(await base.composite(composites).png().toBuffer());
}

function accepted(verdict: PortraitVerdict): AcceptedPortrait {
  if (!verdict.ok)
    throw new Error(`expected the photo to be accepted, got ${verdict.code}: ${verdict.reason}`);
  return verdict;
}

/** The tag numbers in a JPEG's EXIF IFD0 (0x8825 is the pointer to the GPS IFD). */
function exifIfd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6);
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd0 = u32(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12));
}

/** The RGB of pixel (x, y) of an encoded image. */
async function pixelAt(image: Buffer, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1];
}

const isRed = ([r, g, b]: [number, number, number]) => r > 180 && g < 70 && b < 70;
const isBlue = ([r, g, b]: [number, number, number]) =>
  Math.abs(r - BLUE.r) < 12 && Math.abs(g - BLUE.g) < 12 && Math.abs(b - BLUE.b) < 12;

async function expectCleanJpeg(jpeg: Buffer) {
  const meta = await sharp(jpeg).metadata();
  expect(meta.format).toBe('jpeg');
  expect([meta.width, meta.height]).toEqual([PUYANG.pixels.width, PUYANG.pixels.height]);
  expect(meta.width / meta.height).toBeCloseTo(PUYANG.ratio, 2);
  expect(meta.space).toBe('srgb');
  expect(meta.isProgressive).toBe(false);
  expect(meta.exif).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.iptc).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  expect(meta.density).toBe(300);
  expect(jpeg.includes('Exif')).toBe(false);
  expect(jpeg.includes('GPS')).toBe(false);
  expect(jpeg.includes('http://ns.adobe.com')).toBe(false);
}

describe('checkPortrait on the fixtures (test/fixtures/photos/README.md)', () => {
  const outcomes = {
    'phone-portrait-blue-gps.jpg': 'accepted',
    'phone-portrait-white-gps.jpg': 'wrong_background',
    'id-photo-413x579.jpg': 'accepted',
    'too-small-200x280.jpg': 'too_small',
    'screenshot-blue.png': 'accepted',
    'not-an-image.jpg': 'not_image',
  } as const;
  const verdicts = new Map<string, PortraitVerdict>();

  beforeAll(async () => {
    for (const name of Object.keys(outcomes)) verdicts.set(name, await checkPortrait(fixture(name), PUYANG));
  });

  it.each(Object.entries(outcomes))('%s → %s', (name, outcome) => {
    const verdict = verdicts.get(name);
    expect(verdict?.ok ? 'accepted' : verdict?.code).toBe(outcome);
  });

  it('gives every refusal a Chinese reason that says what to do', () => {
    for (const verdict of verdicts.values()) {
      if (verdict.ok) continue;
      expect(verdict.reason).toMatch(/[\u4e00-\u9fff]/);
      expect(verdict.reason).toMatch(/：请/);
    }
    const reason = (name: string) => (verdicts.get(name) as { reason: string }).reason;
    expect(reason('phone-portrait-white-gps.jpg')).toMatch(/背景应为蓝色.*0%/);
    expect(reason('too-small-200x280.jpg')).toContain('200×280');
    expect(reason('too-small-200x280.jpg')).toContain('413×579');
    expect(reason('not-an-image.jpg')).toContain('不是图片');
  });

  it.each(['phone-portrait-blue-gps.jpg', 'id-photo-413x579.jpg', 'screenshot-blue.png'])(
    '%s is stored as a clean 413×579 JPEG with no metadata',
    async (name) => {
      const verdict = accepted(verdicts.get(name) as PortraitVerdict);
      expect([verdict.width, verdict.height]).toEqual([413, 579]);
      expect(verdict.sha256).toBe(createHash('sha256').update(verdict.jpeg).digest('hex'));
      expect(verdict.backgroundShare).toBeGreaterThanOrEqual(0.8);
      await expectCleanJpeg(verdict.jpeg);
    },
  );

  it('drops the phone photo’s GPS and keeps its upright size as the source size', async () => {
    const input = fixture('phone-portrait-blue-gps.jpg');
    const inputExif = (await sharp(input).metadata()).exif;
    expect(inputExif && exifIfd0Tags(inputExif)).toContain(0x8825); // the input does carry GPS
    const verdict = accepted(verdicts.get('phone-portrait-blue-gps.jpg') as PortraitVerdict);
    expect([verdict.sourceWidth, verdict.sourceHeight, verdict.sourceFormat]).toEqual([3024, 4032, 'jpeg']);
    expect(verdict.jpeg.length).toBeLessThan(input.length / 10);
  });

  it('turns the PNG screenshot into a JPEG', () => {
    const verdict = accepted(verdicts.get('screenshot-blue.png') as PortraitVerdict);
    expect(verdict.sourceFormat).toBe('png');
    expect([...verdict.jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('is deterministic: the same upload gives the same bytes and hash', async () => {
    const again = accepted(await checkPortrait(fixture('id-photo-413x579.jpg'), PUYANG));
    expect(again.sha256).toBe(accepted(verdicts.get('id-photo-413x579.jpg') as PortraitVerdict).sha256);
  });
});

describe('checkPortrait by the campaign’s photo', () => {
  /** The Qingfeng example's photo: 1-inch (25 × 35 mm, 295 × 413 px), white, no prints. */
  const QINGFENG = photoRulesOf({ definition: { photo: oneInchWhitePhoto() } });
  const RED_CAMPAIGN = { ...QINGFENG, label: '1寸红底彩色证件照', background: 'red' } as const;

  it('takes the white phone photo for a white campaign, at 295×413, without its GPS', async () => {
    const verdict = accepted(await checkPortrait(fixture('phone-portrait-white-gps.jpg'), QINGFENG));
    expect([verdict.width, verdict.height]).toEqual([295, 413]);
    expect(verdict.backgroundShare).toBeGreaterThanOrEqual(0.8);
    const meta = await sharp(verdict.jpeg).metadata();
    expect([meta.width, meta.height, meta.density, meta.exif]).toEqual([295, 413, 300, undefined]);
    expect(verdict.jpeg.includes('GPS')).toBe(false);
  });

  it('refuses the blue phone photo for a white campaign, naming white', async () => {
    const verdict = await checkPortrait(fixture('phone-portrait-blue-gps.jpg'), QINGFENG);
    expect(verdict).toMatchObject({ ok: false, code: 'wrong_background' });
    expect((verdict as { reason: string }).reason).toMatch(/^背景应为白色：请换白底证件照重新上传/);
  });

  it('refuses the white phone photo for a blue campaign, naming blue', async () => {
    const verdict = await checkPortrait(fixture('phone-portrait-white-gps.jpg'), PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'wrong_background' });
    expect((verdict as { reason: string }).reason).toMatch(/^背景应为蓝色：请换蓝底证件照重新上传/);
  });

  it('takes a red photo for a red campaign only', async () => {
    const red = await (await portrait(700, 980, RED)).jpeg().toBuffer();
    expect(accepted(await checkPortrait(red, RED_CAMPAIGN)).width).toBe(295);
    const blue = await checkPortrait(fixture('phone-portrait-blue-gps.jpg'), RED_CAMPAIGN);
    expect((blue as { reason: string }).reason).toMatch(/^背景应为红色：请换红底证件照/);
    expect(await checkPortrait(red, QINGFENG)).toMatchObject({ ok: false, code: 'wrong_background' });
  });

  it('judges the size by the campaign’s pixels: 300×420 is enough for 1 inch, not for 2', async () => {
    const small = await (await portrait(300, 420, WHITE)).jpeg().toBuffer();
    expect(accepted(await checkPortrait(small, QINGFENG)).height).toBe(413);
    const blue = await (await portrait(300, 420, BLUE)).jpeg().toBuffer();
    const refused = await checkPortrait(blue, PUYANG);
    expect(refused).toMatchObject({ ok: false, code: 'too_small' });
    expect((refused as { reason: string }).reason).toContain('413×579');
  });

  it('names the campaign’s photo when the ratio is wrong', async () => {
    const wide = await (await portrait(1000, 1000, WHITE)).jpeg().toBuffer();
    const verdict = await checkPortrait(wide, QINGFENG);
    expect(verdict).toMatchObject({ ok: false, code: 'bad_ratio' });
    expect((verdict as { reason: string }).reason).toContain('不符合1寸白底彩色证件照要求');
    expect((verdict as { reason: string }).reason).toContain('25:35');
  });
});

describe('checkPortrait orientation', () => {
  // An upright 700×980 (35:49) blue portrait with a red marker in its top-left corner, stored
  // turned the way a phone stores it, with the EXIF orientation that turns it back.
  it.each([
    [6, 270],
    [8, 90],
    [3, 180],
  ])('applies EXIF orientation %i', async (orientation, storedTurn) => {
    const upright = await portrait(700, 980, BLUE, [{ left: 0, top: 0, width: 60, height: 60, colour: RED }]);
    const stored = await sharp(await upright.rotate(storedTurn).jpeg({ quality: 95 }).toBuffer())
      .withMetadata({ orientation })
      .jpeg({ quality: 95 })
      .toBuffer();
    const storedMeta = await sharp(stored).metadata();
    expect(storedMeta.orientation).toBe(orientation);
    expect(isRed(await pixelAt(stored, 10, 10))).toBe(false); // not upright as stored

    const verdict = accepted(await checkPortrait(stored, PUYANG));
    expect([verdict.sourceWidth, verdict.sourceHeight]).toEqual([700, 980]);
    await expectCleanJpeg(verdict.jpeg);
    expect(isRed(await pixelAt(verdict.jpeg, 10, 10))).toBe(true);
    expect(isBlue(await pixelAt(verdict.jpeg, 402, 10))).toBe(true);
    expect(isBlue(await pixelAt(verdict.jpeg, 10, 568))).toBe(true);
    expect(isBlue(await pixelAt(verdict.jpeg, 402, 568))).toBe(true);
  });

  it('crops a 3:4 photo to its centre', async () => {
    // 900×1200 (3:4): the 35:49 crop is 857 wide, so 21 px go on each side; markers inside the
    // crop's corners survive, markers in the cut-off margins do not.
    const input = await portrait(900, 1200, BLUE, [
      { left: 0, top: 500, width: 15, height: 200, colour: RED },
      { left: 30, top: 0, width: 40, height: 40, colour: RED },
    ]);
    const verdict = accepted(await checkPortrait(await input.jpeg({ quality: 95 }).toBuffer(), PUYANG));
    expect(isRed(await pixelAt(verdict.jpeg, 10, 10))).toBe(true);
    expect(isBlue(await pixelAt(verdict.jpeg, 5, 290))).toBe(true);
  });
});

describe('checkPortrait refusals', () => {
  it('refuses a truncated JPEG as not an image', async () => {
    const phone = fixture('phone-portrait-blue-gps.jpg');
    for (const cut of [phone.length - 2, Math.floor(phone.length * 0.6), 1000, 20]) {
      const verdict = await checkPortrait(phone.subarray(0, cut), PUYANG);
      expect(verdict).toMatchObject({ ok: false, code: 'not_image' });
    }
  });

  it('refuses an upload over UPLOAD_MAX_BYTES before decoding it', async () => {
    // Zeros: were it decoded, it would be not_image.
    const verdict = await checkPortrait(new Uint8Array(UPLOAD_MAX_BYTES + 1), PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'too_large' });
    expect((verdict as { reason: string }).reason).toContain('15 MB');
    expect(await checkPortrait(new Uint8Array(UPLOAD_MAX_BYTES), PUYANG)).toMatchObject({
      ok: false,
      code: 'not_image',
    });
  });

  it('refuses a decompression bomb (10000×9000 in a small PNG) from its header', async () => {
    const bomb = await sharp({ create: { width: 10_000, height: 9_000, channels: 3, background: BLUE } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(UPLOAD_MAX_BYTES);
    expect(10_000 * 9_000).toBeGreaterThan(PHOTO_MAX_PIXELS);
    const verdict = await checkPortrait(bomb, PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'too_large' });
    expect((verdict as { reason: string }).reason).toContain('10000×9000');
  });

  it.each([
    ['a square', 1000, 1000],
    ['a landscape photo', 1600, 1200],
    ['a photo too tall for 35:53', 700, 1100],
  ])('refuses %s as bad_ratio, giving the numbers', async (_, width, height) => {
    const input = await (await portrait(width, height, BLUE)).jpeg().toBuffer();
    const verdict = await checkPortrait(input, PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'bad_ratio' });
    expect((verdict as { reason: string }).reason).toContain(`${width}×${height}`);
    expect((verdict as { reason: string }).reason).toContain((width / height).toFixed(2));
    expect((verdict as { reason: string }).reason).toMatch(/：请/);
  });

  it('refuses a 3:4 photo whose 35:49 crop is under 413×579, naming both sizes', async () => {
    const verdict = await checkPortrait(await (await portrait(420, 560, BLUE)).jpeg().toBuffer(), PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'too_small' });
    expect((verdict as { reason: string }).reason).toContain('420×560');
    expect((verdict as { reason: string }).reason).toContain('400×560');
  });

  it('refuses a blue photo with a white border as wrong_background', async () => {
    // A blue card photographed on white paper: a 120 px white margin all round a 700×980 image.
    const input = await portrait(700, 980, WHITE, [
      { left: 120, top: 120, width: 460, height: 740, colour: BLUE },
    ]);
    const verdict = await checkPortrait(await input.jpeg().toBuffer(), PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'wrong_background' });
    expect((verdict as { reason: string }).reason).toMatch(/蓝色像素只占 \d+%/);
  });

  it('refuses a transparent PNG background as not blue', async () => {
    const input = await sharp({
      create: { width: 700, height: 980, channels: 4, background: { ...BLUE, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect(await checkPortrait(input, PUYANG)).toMatchObject({ ok: false, code: 'wrong_background' });
  });

  it('refuses formats it does not take without decoding them', async () => {
    const gif = await sharp({ create: { width: 700, height: 980, channels: 3, background: BLUE } })
      .gif()
      .toBuffer();
    expect(await checkPortrait(gif, PUYANG)).toMatchObject({
      ok: false,
      code: 'not_image',
      reason: expect.stringContaining('GIF'),
    });
    const tiff = await (await portrait(700, 980, BLUE)).tiff().toBuffer();
    expect(await checkPortrait(tiff, PUYANG)).toMatchObject({ ok: false, code: 'not_image' });
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="700" height="980"><rect width="700" height="980" fill="#438EDB"/></svg>',
    );
    expect(await checkPortrait(svg, PUYANG)).toMatchObject({ ok: false, code: 'not_image' });
    expect(await checkPortrait(new Uint8Array(), PUYANG)).toMatchObject({ ok: false, code: 'not_image' });
  });

  it('refuses HEIC with advice for iPhones (the prebuilt sharp cannot decode HEVC)', async () => {
    // An AVIF relabelled as HEIC: the brands and item type say HEVC.
    const avif = await (await portrait(64, 90, BLUE)).avif().toBuffer();
    const heic = Buffer.from(
      avif.toString('latin1').replaceAll('avif', 'heic').replace('av01', 'hvc1'),
      'latin1',
    );
    const verdict = await checkPortrait(heic, PUYANG);
    expect(verdict).toMatchObject({ ok: false, code: 'not_image', reason: expect.stringContaining('HEIC') });
    expect((verdict as { reason: string }).reason).toContain('兼容性最佳');
  });
});

describe('checkPortrait other formats', () => {
  it.each([
    ['webp', (s: Sharp) => s.webp({ quality: 90 })],
    ['avif', (s: Sharp) => s.avif({ quality: 70, effort: 0 })],
  ] as const)('accepts %s', async (format, encode) => {
    const input = await encode(await portrait(700, 980, BLUE)).toBuffer();
    const verdict = accepted(await checkPortrait(input, PUYANG));
    expect(verdict.sourceFormat).toBe(format);
    await expectCleanJpeg(verdict.jpeg);
  });

  it('converts a Display P3 photo to sRGB and drops its ICC profile', async () => {
    const input = await (await portrait(700, 980, BLUE))
      .withIccProfile('p3')
      .jpeg({ quality: 95 })
      .toBuffer();
    expect((await sharp(input).metadata()).icc).toBeDefined();
    const verdict = accepted(await checkPortrait(input, PUYANG));
    await expectCleanJpeg(verdict.jpeg);
    expect(isBlue(await pixelAt(verdict.jpeg, 200, 300))).toBe(true);
  });
});
