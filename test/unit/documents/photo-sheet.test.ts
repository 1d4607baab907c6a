import { describe, expect, it } from 'vitest';
import { photoSheetDocx } from '#lib/documents/photo-sheet-docx';
import { photoRulesOf } from '#shared/photo-rules';
import { collective, count, docxPart, docxText, PHOTO, unzip, worker } from './fixtures.ts';

/** A campaign without a definition: the Puyang 2-inch photo, three prints. */
const PUYANG = photoRulesOf({});

describe('the photo sheet (docx)', () => {
  it('prints each worker three times at exactly 35 × 49 mm with the name and unit under each', async () => {
    const bytes = await photoSheetDocx(
      [
        worker({ form: { name: '李建国' } }),
        collective(),
        worker({ form: { name: '王芳' }, unitName: '濮阳县财政局' }),
      ],
      PUYANG,
    );
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
    const xml = docxPart(await photoSheetDocx([worker({ photo: undefined })], PUYANG));
    expect(count(xml, '<w:drawing>')).toBe(0);
    expect(count(docxText(xml), '（未上传照片）')).toBe(3);
  });

  it('prints a campaign’s other size and count: 1-inch, four to a worker over two rows', async () => {
    const xml = docxPart(
      await photoSheetDocx([worker({ form: { name: '李建国' } })], {
        mm: { width: 25, height: 35 },
        prints: 4,
      }),
    );
    // 25 × 35 mm in EMU (36 000 per mm)
    expect(count(xml, '<wp:extent cx="900000" cy="1260000"/>')).toBe(4);
    expect(count(docxText(xml), '李建国\n华龙区财政局\n')).toBe(4);
    expect(count(xml, '<w:cantSplit/>')).toBe(2);
    expect(docxText(xml)).toContain('先进工作者照片（每人4张，沿虚线剪下）');
  });
});
