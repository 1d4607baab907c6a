import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  exportBaseName,
  NotAJpegError,
  safeNamePart,
  stripJpegMetadata,
  uniqueNamer,
} from '#lib/documents/files';
import { photoFileName, writePhotosZip } from '#lib/documents/photos-zip';
import { collective, GPS_PHOTO, PHOTO, sink, unzip, worker, zipMethods } from './fixtures.ts';

describe('exported file names', () => {
  it('keep Chinese and replace what file systems refuse', () => {
    expect(safeNamePart('华龙区财政局')).toBe('华龙区财政局');
    expect(safeNamePart(' 财政/金融:局 *"?<>|\\ ')).toBe('财政_金融_局 _______');
    expect(safeNamePart('..隐藏.')).toBe('隐藏');
    expect(safeNamePart('a\u0000b\nc  d')).toBe('a_b_c d');
    expect(safeNamePart('')).toBe('_');
    expect([...safeNamePart('长'.repeat(100))]).toHaveLength(40);
    expect(exportBaseName('华龙区', '华龙区财政局', '李建国')).toBe('华龙区-华龙区财政局-李建国');
  });

  it('are made unique within an export', () => {
    const unique = uniqueNamer();
    expect(unique('李建国.jpg')).toBe('李建国.jpg');
    expect(unique('李建国.jpg')).toBe('李建国（2）.jpg');
    expect(unique('李建国.jpg')).toBe('李建国（3）.jpg');
    expect(unique('王芳.jpg')).toBe('王芳.jpg');
  });

  it('name a photo 县区-单位-姓名.jpg', () => {
    expect(photoFileName(worker({ unitName: '华龙区财政局/惠民科' }))).toBe(
      '华龙区-华龙区财政局_惠民科-李建国.jpg',
    );
  });
});

describe('photo metadata', () => {
  it('is stripped: no EXIF or GPS left, the image unchanged', async () => {
    expect(GPS_PHOTO.includes(Buffer.from('Exif\0\0'))).toBe(true);
    expect((await sharp(GPS_PHOTO).metadata()).exif).toBeDefined();
    const stripped = Buffer.from(stripJpegMetadata(GPS_PHOTO));
    expect(stripped.includes(Buffer.from('Exif\0\0'))).toBe(false);
    const meta = await sharp(stripped).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.format).toBe('jpeg');
    const original = await sharp(GPS_PHOTO).metadata();
    expect([meta.width, meta.height]).toEqual([original.width, original.height]);
    const [a, b] = await Promise.all([sharp(GPS_PHOTO).raw().toBuffer(), sharp(stripped).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);
  });

  it('leaves a clean photo byte for byte, and refuses what is not a JPEG', () => {
    expect(Buffer.from(stripJpegMetadata(PHOTO)).equals(PHOTO)).toBe(true);
    expect(() => stripJpegMetadata(Buffer.from('<html></html>'))).toThrow(NotAJpegError);
  });
});

describe('the photos zip', () => {
  it('holds each worker photo as 县区-单位-姓名.jpg, stored, without metadata', async () => {
    const { out, bytes } = sink();
    const listing = await writePhotosZip(out, [
      worker({ id: 'w1', photo: async () => GPS_PHOTO }),
      worker({ id: 'w2' }), // same name, same unit
      worker({ id: 'w3', form: { name: '王芳' }, photo: undefined }),
      collective(),
      worker({ id: 'w4', regionId: 'shizhi', unitName: '濮阳市财政局', form: { name: '张伟' } }),
    ]);
    const zip = await bytes;
    const files = unzip(zip);
    expect(Object.keys(files)).toEqual([
      '华龙区-华龙区财政局-李建国.jpg',
      '华龙区-华龙区财政局-李建国（2）.jpg',
      '市直-濮阳市财政局-张伟.jpg',
    ]);
    expect(
      Buffer.from(files['华龙区-华龙区财政局-李建国.jpg'] as Uint8Array).includes(Buffer.from('Exif')),
    ).toBe(false);
    expect(Object.values(zipMethods(zip))).toEqual([0, 0, 0]);
    expect(listing.missing).toEqual([{ nomineeId: 'w3', name: '王芳' }]);
    expect(listing.written.map((w) => w.nomineeId)).toEqual(['w1', 'w2', 'w4']);
  });
});
