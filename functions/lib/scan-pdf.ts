/**
 * The PDF half of the stamped-scan pipeline (see scan.ts): the file's structure is checked, encrypted
 * PDFs and ones with active content are refused, and the pages are copied into a new document
 * without document information, XMP, editing traces or the EXIF of the JPEG images inside.
 * Loaded on demand by checkScan, so photos never pay for pdf-lib.
 */
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFObject,
  PDFRawStream,
  type PDFRef,
  PDFStream,
} from 'pdf-lib';
import { SCAN_MAX_BYTES, SCAN_MAX_PAGES } from '#shared/scan-rules';
import { ACCEPTED, type RefusedScan, refuse, type ScanVerdict, sha256 } from './scan.ts';

/** A JPEG inside a PDF wrapped in Flate is inflated to strip it; never beyond this. */
const MAX_INFLATED_IMAGE_BYTES = 4 * SCAN_MAX_BYTES;
const REASON_PDF_DAMAGED = 'PDF 文件已损坏或不完整，无法读取：请重新导出或重新扫描成 PDF 后上传';

/** Names whose presence means the PDF can act on its own; each with what to tell the uploader. */
const ACTIVE_NAMES: Record<string, string> = {
  JS: '脚本（JavaScript）',
  JavaScript: '脚本（JavaScript）',
  Launch: '启动外部程序的动作',
  EmbeddedFile: '嵌入的附件',
  EmbeddedFiles: '嵌入的附件',
  FileAttachment: '嵌入的附件',
  RichMedia: '多媒体内容',
  RichMediaExecute: '多媒体内容',
  Rendition: '多媒体内容',
  XFA: '动态表单（XFA）',
  SubmitForm: '提交表单数据的动作',
  ImportData: '导入数据的动作',
  GoToR: '打开其他文件的链接',
  GoToE: '打开嵌入文件的链接',
};

/** Keys dropped from every dictionary of the clean copy: metadata, editing traces, automatic actions. */
const DROPPED_KEYS = ['Metadata', 'PieceInfo', 'LastModified', 'Thumb', 'AA', 'OpenAction'].map((k) =>
  PDFName.of(k),
);
/** Keys dropped from markup annotations (a comment's author and times); form widgets keep theirs. */
const DROPPED_ANNOT_KEYS = ['T', 'M', 'CreationDate', 'NM'].map((k) => PDFName.of(k));

/** Checks a file that starts with `%PDF-` and, when it passes, rebuilds it clean. Never throws for bad input. */
export async function checkPdf(input: Buffer): Promise<ScanVerdict> {
  const structure = pdfStructureProblem(input);
  if (structure) return structure;

  let source: PDFDocument;
  try {
    source = await PDFDocument.load(input, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
  } catch {
    return hasEncryptDict(input) ? encrypted() : refuse('damaged', REASON_PDF_DAMAGED);
  }
  if (source.isEncrypted) return encrypted();

  const active = activeContent(source);
  if (active) {
    return refuse(
      'active_content',
      `PDF 中含有${active}，出于安全考虑不能接收：请用手机的“扫描”或“打印 > 存储为 PDF”重新生成只含页面的 PDF 后上传`,
    );
  }

  let pages: number;
  try {
    pages = source.getPageCount();
  } catch {
    return refuse('damaged', REASON_PDF_DAMAGED);
  }
  if (pages === 0) return refuse('no_pages', 'PDF 中没有任何页面：请重新导出后上传');
  if (pages > SCAN_MAX_PAGES) {
    return refuse('too_many_pages', `PDF 有 ${pages} 页，最多 ${SCAN_MAX_PAGES} 页：请只上传盖章的那几页`);
  }

  let clean: Uint8Array;
  try {
    // Metadata keys go first, so the copy never reaches what they pointed at (an XMP stream).
    stripDicts(source);
    // A new document with only the pages: no /Info, no catalog-level XMP, names, outlines or actions.
    const out = await PDFDocument.create({ updateMetadata: false });
    for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
    if (!stripJpegs(out)) {
      return refuse(
        'damaged',
        'PDF 中有无法检查的图片：请用手机的“扫描”功能或“打印 > 存储为 PDF”重新生成后上传',
      );
    }
    clean = await out.save({ useObjectStreams: false, addDefaultPage: false });
  } catch {
    return refuse('damaged', REASON_PDF_DAMAGED);
  }
  const bytes = Buffer.from(clean.buffer, clean.byteOffset, clean.byteLength);
  return {
    ok: true,
    kind: 'pdf',
    bytes,
    contentType: 'application/pdf',
    extension: 'pdf',
    sha256: sha256(bytes),
    pages,
  };
}

function encrypted(): RefusedScan {
  return refuse(
    'encrypted',
    'PDF 设置了密码或加密，无法检查和保存：请取消密码保护（或重新“打印 > 存储为 PDF”）后上传',
  );
}

/**
 * The file-level structure: a `%PDF-1.x`/`%PDF-2.0` header, `%%EOF` near the end (a truncated
 * upload has none), and a `startxref` that points at an xref table followed by a trailer, or at
 * a cross-reference stream. pdf-lib itself is lenient and would read a file without any of it.
 */
function pdfStructureProblem(bytes: Buffer): RefusedScan | null {
  if (!/^%PDF-(1\.[0-7]|2\.0)\s/.test(bytes.toString('latin1', 0, 9))) {
    return refuse('not_scan', `无法识别这个 PDF 的版本标识，它可能不是 PDF 文件：请上传${ACCEPTED}`);
  }
  const tailStart = Math.max(0, bytes.length - 1024);
  const tail = bytes.toString('latin1', tailStart);
  const truncated = refuse(
    'damaged',
    'PDF 文件不完整（缺少文件结尾），可能没有上传完整或导出失败：请重新导出 PDF 后上传',
  );
  if (!tail.includes('%%EOF')) return truncated;
  // The last startxref counts: an incrementally updated PDF has one per revision.
  const last = tail.lastIndexOf('startxref');
  const startxref = last < 0 ? null : /^startxref\s+(\d+)\s+%%EOF/.exec(tail.slice(last));
  const xrefDamaged = refuse(
    'damaged',
    'PDF 的交叉引用表（xref）缺失或损坏，无法可靠读取：请重新导出或重新扫描成 PDF 后上传',
  );
  if (!startxref) return xrefDamaged;
  const offset = Number(startxref[1]);
  if (!Number.isSafeInteger(offset) || offset < 9 || offset >= tailStart + last) return xrefDamaged;
  const at = bytes.toString('latin1', offset, Math.min(bytes.length, offset + 4096)).replace(/^\s+/, '');
  if (at.startsWith('xref')) {
    return bytes.indexOf('trailer', offset, 'latin1') >= 0 ? null : xrefDamaged;
  }
  const stream = /^\d+\s+\d+\s+obj\s*<<([\s\S]*?)stream/.exec(at);
  return stream && /\/Type\s*\/XRef\b/.test(stream[1] ?? '') ? null : xrefDamaged;
}

/** An /Encrypt entry in a trailer (table or stream), for PDFs pdf-lib cannot even parse. */
function hasEncryptDict(bytes: Buffer): boolean {
  return /\/Encrypt\s*\d+\s+\d+\s+R/.test(bytes.toString('latin1'));
}

/**
 * The first kind of active content found in any object of the source (objects inside object
 * streams included; names are compared decoded, so `/J#61vaScript` is `/JavaScript`), or null.
 */
function activeContent(doc: PDFDocument): string | null {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const found = activeIn(object, 0);
    if (found) return found;
  }
  return null;
}

function activeIn(object: PDFObject, depth: number): string | null {
  if (depth > 64) return '过深的嵌套结构';
  if (object instanceof PDFName) return ACTIVE_NAMES[object.asString().slice(1)] ?? null;
  if (object instanceof PDFStream) return activeIn(object.dict, depth + 1);
  if (object instanceof PDFArray) {
    for (let i = 0; i < object.size(); i++) {
      const found = activeIn(object.get(i), depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      const found = ACTIVE_NAMES[key.asString().slice(1)] ?? activeIn(value, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Removes DROPPED_KEYS from every dictionary, and a markup annotation's author and times. */
function stripDicts(doc: PDFDocument): void {
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFStream) stripDict(object.dict, 0);
    else if (object instanceof PDFDict || object instanceof PDFArray) stripDict(object, 0);
  }
}

/**
 * Removes the EXIF/XMP/ICC/comment segments of every JPEG image (a phone's scanner app often
 * embeds the camera's JPEG as it is, GPS included). False when a JPEG image cannot be read or is
 * wrapped in filters other than Flate.
 */
function stripJpegs(doc: PDFDocument): boolean {
  const replacements: [PDFRef, PDFRawStream][] = [];
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const jpeg = cleanJpegStream(object);
    if (jpeg === 'unreadable') return false;
    if (jpeg) replacements.push([ref, jpeg]);
  }
  for (const [ref, stream] of replacements) doc.context.assign(ref, stream);
  return true;
}

function stripDict(object: PDFDict | PDFArray, depth: number): void {
  if (depth > 64) return;
  if (object instanceof PDFArray) {
    for (let i = 0; i < object.size(); i++) {
      const item = object.get(i);
      if (item instanceof PDFDict || item instanceof PDFArray) stripDict(item, depth + 1);
    }
    return;
  }
  for (const key of DROPPED_KEYS) object.delete(key);
  const subtype = object.get(PDFName.of('Subtype'));
  if (object.get(PDFName.of('Type')) === PDFName.of('Annot') && subtype !== PDFName.of('Widget')) {
    for (const key of DROPPED_ANNOT_KEYS) object.delete(key);
  }
  for (const [, value] of object.entries()) {
    if (value instanceof PDFDict || value instanceof PDFArray) stripDict(value, depth + 1);
  }
}

/**
 * A JPEG image stream without its metadata segments, null when the stream is no JPEG or has none
 * to remove, 'unreadable' when it is a JPEG we cannot safely clean.
 */
function cleanJpegStream(stream: PDFRawStream): PDFRawStream | null | 'unreadable' {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const filters =
    filter instanceof PDFName
      ? [filter]
      : filter instanceof PDFArray
        ? Array.from({ length: filter.size() }, (_, i) => filter.get(i))
        : [];
  const dct = filters.indexOf(PDFName.of('DCTDecode'));
  if (dct < 0) return null;
  if (dct !== filters.length - 1 || !filters.slice(0, dct).every((f) => f === PDFName.of('FlateDecode'))) {
    return 'unreadable';
  }
  let jpeg: Uint8Array = stream.contents;
  if (dct > 0) {
    const parms = stream.dict.get(PDFName.of('DecodeParms'));
    if (parms instanceof PDFArray && parms.size() > 0) {
      for (let i = 0; i < dct; i++) if (parms.get(i) instanceof PDFDict) return 'unreadable';
    } else if (parms instanceof PDFDict) return 'unreadable';
    try {
      for (let i = 0; i < dct; i++) jpeg = inflateSync(jpeg, { maxOutputLength: MAX_INFLATED_IMAGE_BYTES });
    } catch {
      return 'unreadable';
    }
  }
  const stripped = stripJpegMetadata(jpeg);
  if (!stripped) return 'unreadable';
  if (dct === 0 && stripped.length === jpeg.length) return null;
  const dict = stream.dict.clone();
  dict.set(PDFName.of('Filter'), PDFName.of('DCTDecode'));
  if (dct > 0) {
    const parms = stream.dict.get(PDFName.of('DecodeParms'));
    const own = parms instanceof PDFArray ? parms.get(dct) : undefined;
    if (own instanceof PDFDict) dict.set(PDFName.of('DecodeParms'), own);
    else dict.delete(PDFName.of('DecodeParms'));
  }
  return PDFRawStream.of(dict, stripped);
}

/**
 * A JPEG without APP1–APP13 and APP15 (EXIF, XMP, ICC, IPTC/Photoshop …) and comments; APP0
 * (JFIF) and APP14 (Adobe: how to read the colours) are kept, and everything from the first
 * scan on is copied as it is. Null when the segments before the scan cannot be walked.
 */
export function stripJpegMetadata(jpeg: Uint8Array): Buffer | null {
  const n = jpeg.length;
  if (n < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 2 > n || jpeg[at] !== 0xff) return null;
    let marker = jpeg[at + 1] as number;
    while (marker === 0xff && at + 2 < n) marker = jpeg[++at + 1] as number; // fill bytes
    if (marker === 0xda || marker === 0xd9) {
      parts.push(jpeg.subarray(at));
      return Buffer.concat(parts);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2;
      continue;
    }
    if (at + 4 > n) return null;
    const length = ((jpeg[at + 2] as number) << 8) | (jpeg[at + 3] as number);
    if (length < 2 || at + 2 + length > n) return null;
    const metadata = (marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (!metadata) parts.push(jpeg.subarray(at, at + 2 + length));
    at += 2 + length;
  }
}
