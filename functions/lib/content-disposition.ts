/**
 * Content-Disposition for links handed to browsers (RFC 6266 with RFC 5987's `filename*`): a
 * plain-ASCII `filename` for old clients and the UTF-8 name, percent-encoded, for every current
 * browser, so that `全市-评选材料.zip` downloads under its own name and not as `download`.
 */

/** RFC 5987 attr-char: letters, digits and `!#$&+-.^_`|~`; everything else is percent-encoded. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The name reduced to printable ASCII without quotes or backslashes, or `fallback` when nothing readable is left. */
function asciiName(name: string, fallback: string): string {
  const dot = name.lastIndexOf('.');
  const stem = (dot > 0 ? name.slice(0, dot) : name).replace(/[^\x20-\x7e]|["\\%]/g, '');
  return /[A-Za-z0-9]/.test(stem) ? `${stem}${dot > 0 ? name.slice(dot) : ''}` : fallback;
}

/** `attachment` (or `inline`) with both file-name parameters; `fallback` is the ASCII name old clients see. */
export function contentDisposition(
  name: string,
  opts: { fallback: string; type?: 'attachment' | 'inline' },
): string {
  const plain = asciiName(name, opts.fallback);
  return `${opts.type ?? 'attachment'}; filename="${plain}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** The last segment of an object key: the name its download carries. */
export const keyFileName = (key: string) => key.slice(key.lastIndexOf('/') + 1);
