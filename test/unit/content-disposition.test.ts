import { describe, expect, it } from 'vitest';
import { contentDisposition, keyFileName } from '../../functions/lib/content-disposition.ts';

/** Read `filename*` back as a browser does (RFC 5987: charset'lang'percent-encoded). */
const extended = (header: string) => {
  const m = /filename\*=UTF-8''([^;]+)/.exec(header);
  return m ? decodeURIComponent(m[1] as string) : undefined;
};

describe('Content-Disposition for downloads', () => {
  it('carries the UTF-8 name percent-encoded and an ASCII fallback', () => {
    const h = contentDisposition('全市-评选材料.zip', { fallback: 'pingxuan-export.zip' });
    expect(h).toBe(
      `attachment; filename="pingxuan-export.zip"; filename*=UTF-8''%E5%85%A8%E5%B8%82-%E8%AF%84%E9%80%89%E6%9D%90%E6%96%99.zip`,
    );
    expect(extended(h)).toBe('全市-评选材料.zip');
    // only printable ASCII in the header itself
    expect(h).toMatch(/^[\x20-\x7e]+$/);
  });

  it('keeps a readable ASCII name as the fallback, without quotes, and encodes RFC 5987’s reserved characters', () => {
    const h = contentDisposition(`Report "2026" (华龙区)'s.zip`, { fallback: 'x.zip', type: 'inline' });
    expect(h.startsWith(`inline; filename="Report 2026 ()'s.zip"`)).toBe(true);
    const encoded = h.slice(h.indexOf("UTF-8''") + 7);
    expect(encoded).toMatch(/^[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(extended(h)).toBe(`Report "2026" (华龙区)'s.zip`);
  });

  it('names a file by its key’s last segment', () => {
    expect(keyFileName('exports/C/E/华龙区-评选材料.zip')).toBe('华龙区-评选材料.zip');
  });
});
