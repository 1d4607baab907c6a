import { describe, expect, it } from 'vitest';
import { photoSheetDocx } from '#lib/documents/photo-sheet-docx';
import { collective, count, docxPart, docxText, PHOTO, unzip, worker } from './fixtures.ts';

describe('the photo sheet (docx)', () => {
  it('prints each worker three times at exactly 35 × 49 mm with the name and unit under each', async () => {
    const bytes = await photoSheetDocx([
      worker({ form: { name: '李建国' } }),
      collective(),
      worker({ form: { name: '王芳' }, unitName: '濮阳县财政局' }),
    ]);
    const xml = docxPart(bytes);
    expect(count(xml, '<w:drawing>')).toBe(6);
    expect(count(xml, '<wp:extent cx="1260000" cy="1764000"/>')).toBe(6);
    const media = Object.entries(unzip(bytes)).filter(([p]) => p.startsWith('word/media/'));
    expect(media.length).toBeGreaterThanOrEqual(1);
    expect(media.every(([, b]) => Buffer.from(b).equals(PHOTO))).toBe(true);
    const text = docxText(xml);
    expect(count(text, '李建国\n华龙区财政局\n')).toBe(3);
    expect(count(text, '王芳\n濮阳县财政局\n')).toBe(3);
    expect(text).not.toContain('濮阳市华龙区财政局'); // the collective is not on the sheet
    // one row per worker, kept whole on a page, boxes dashed to cut along
    expect(count(xml, '<w:cantSplit/>')).toBe(2);
    expect(xml).toContain('w:val="dashed"');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
  });

  it('marks a worker whose photo is missing', async () => {
    const xml = docxPart(await photoSheetDocx([worker({ photo: undefined })]));
    expect(count(xml, '<w:drawing>')).toBe(0);
    expect(count(docxText(xml), '（未上传照片）')).toBe(3);
  });
});
