import { describe, expect, it } from 'vitest';
import { approvalDocxCombined } from '#lib/documents/approval-docx';
import { esc, gridTable, label, value } from '#lib/documents/ooxml';
import { photoSheetDocx } from '#lib/documents/photo-sheet-docx';
import { photoRulesOf } from '#shared/photo-rules';
import { campaign, collective, count, docxPart, docxText, unzip, worker } from './fixtures.ts';

describe('WordprocessingML written as strings', () => {
  it('escapes text and drops characters XML does not allow', () => {
    expect(esc('a<b>&"c\'\u0001\u000b')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('merges cells down a grid column, with continuation cells where Word expects them', () => {
    const xml = gridTable(
      [20, 20, 20],
      [
        { cells: [label('a'), value('b'), label('p', 1, { rowSpan: 2 })] },
        { cells: [label('c'), value('d')] },
      ],
    );
    expect(count(xml, '<w:vMerge w:val="restart"/>')).toBe(1);
    expect(count(xml, '<w:vMerge w:val="continue"/>')).toBe(1);
    expect(xml.lastIndexOf('<w:vMerge w:val="continue"/>')).toBeGreaterThan(xml.indexOf('>d<'));
  });
});

describe('the combined files, streamed', () => {
  const nominees = [
    worker({ id: 'w1', form: { name: '李<建>国' } }),
    collective({ id: 'c1' }),
    worker({ id: 'w2', form: { name: '王芳' } }),
    worker({ id: 'w3', form: { name: '张伟' }, photo: undefined }),
  ];

  it('reads the nominees twice (photos first, then the forms) and writes the same document as from one read', async () => {
    let reads = 0;
    let loads = 0;
    const reread = () => {
      reads++;
      return nominees.map((n) =>
        n.photo
          ? {
              ...n,
              photo: () => {
                loads++;
                return (n.photo as () => Promise<Uint8Array>)();
              },
            }
          : n,
      );
    };
    const streamed = await approvalDocxCombined(campaign, reread);
    expect(reads).toBe(2);
    expect(loads).toBe(2);
    const once = await approvalDocxCombined(campaign, nominees);
    expect(docxPart(streamed)).toBe(docxPart(once));
    const files = unzip(streamed);
    expect(Object.keys(files).filter((p) => p.startsWith('word/media/'))).toHaveLength(2);
    const xml = docxPart(streamed);
    expect(count(xml, '<w:drawing>')).toBe(2);
    expect(docxText(xml)).toContain('李&lt;建&gt;国');
    const ids = [...xml.matchAll(/<wp:docPr id="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const rels = docxPart(streamed, 'word/_rels/document.xml.rels');
    for (const m of xml.matchAll(/r:embed="([^"]+)"/g)) expect(rels).toContain(`Id="${m[1]}"`);
  });

  it('puts each worker photo once in the photo sheet, drawn three times', async () => {
    const bytes = await photoSheetDocx(() => nominees, photoRulesOf({}));
    expect(Object.keys(unzip(bytes)).filter((p) => p.startsWith('word/media/'))).toHaveLength(2);
    const xml = docxPart(bytes);
    expect(count(xml, '<w:drawing>')).toBe(6);
    expect(count(docxText(xml), '（未上传照片）')).toBe(3);
  });
});
