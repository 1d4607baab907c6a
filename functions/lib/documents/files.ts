/**
 * Names and bytes of exported files: `县区-单位-姓名.jpg` names safe on every file system (Chinese
 * kept), made unique within an export, and JPEGs with every metadata segment removed.
 */

/** Characters no file system accepts (Windows is the strictest), and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;
/** Longest name part in characters: 3 bytes each in UTF-8, and many systems stop at 255 bytes. */
const MAX_PART = 40;

/** One part of a file name: unsafe characters become _, white space collapses, no leading dots. */
export function safeNamePart(text: string): string {
  const cleaned = text
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  return [...cleaned].slice(0, MAX_PART).join('') || '_';
}

/** 华龙区-华龙区财政局-李建国 (without extension). */
export function exportBaseName(...parts: string[]): string {
  return parts.map(safeNamePart).join('-');
}

/** Hands out names unique within one export: the second 李建国.jpg becomes 李建国（2）.jpg. */
export function uniqueNamer(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = `${stem}（${i}）${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  };
}

export class NotAJpegError extends Error {
  override name = 'NotAJpegError';
}

/**
 * The JPEG without its metadata: APP1–APP15 (EXIF with GPS, XMP, ICC, maker notes) and comment
 * segments are dropped; the image data and JFIF header are kept byte for byte. Stored photos carry
 * none already; this makes sure an export never leaks any, whatever was stored before.
 */
export function stripJpegMetadata(jpeg: Uint8Array): Uint8Array {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new NotAJpegError('不是 JPEG 图片');
  const kept: Uint8Array[] = [jpeg.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) throw new NotAJpegError('JPEG 结构损坏');
    const marker = jpeg[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      // start of scan: the rest is image data
      kept.push(jpeg.subarray(at));
      break;
    }
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);
    const end = at + 2 + length;
    if (length < 2 || end > jpeg.length) throw new NotAJpegError('JPEG 结构损坏');
    const isMetadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
    if (!isMetadata) kept.push(jpeg.subarray(at, end));
    at = end;
  }
  const out = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
  let o = 0;
  for (const k of kept) {
    out.set(k, o);
    o += k.length;
  }
  return out;
}
