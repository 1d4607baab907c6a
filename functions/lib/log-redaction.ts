/**
 * What may never reach a log line: resident ID numbers, mobile numbers, access codes and tokens.
 * Handlers log no request bodies, but an error message, a stack or a value passed by mistake can
 * still carry one, so every line goes through `redact` before it is printed (see LogFormatter in
 * observability.ts). Pure: the log-scan test and the formatter use the same patterns.
 */

/** 18-character resident ID numbers (GB 11643): 17 digits and a digit or X check character. */
export const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** Mainland mobile numbers: 11 digits starting 13–19, optionally after +86 / 86. */
export const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;
/** Access codes as issued (#lib/accounts newAccessCode): three groups of four, no 0/O/1/I/L. */
export const ACCESS_CODE =
  /(?<![A-Za-z0-9])[A-HJKMNP-Za-hjkmnp-z2-9]{4}-?[A-HJKMNP-Za-hjkmnp-z2-9]{4}-?[A-HJKMNP-Za-hjkmnp-z2-9]{4}(?![A-Za-z0-9-])/g;
/** Signed tokens (JWTs: three base64url parts, the first a JSON header) and bearer credentials. */
export const TOKEN = /\beyJ[\w-]*\.[\w-]*\.[\w-]*|\bBearer\s+\S+/g;

/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEYS =
  /^(authorization|token|accesscode|idnumber|phone|contactphone|mobile|password|secret|cookie)$/i;
/** Access codes are hyphenated groups, but a bare 12-letter run also looks like one (e.g. a ULID slice): only hyphenated runs, or any run under a `code` key. */
const HYPHENATED_CODE = new RegExp(ACCESS_CODE.source.replaceAll('-?', '-'), 'g');

/** The text with every ID number, mobile number, access code and token replaced by a marker. */
export function redactText(text: string): string {
  return text
    .replace(TOKEN, '[token]')
    .replace(ID_NUMBER, '[id-number]')
    .replace(MOBILE, '[phone]')
    .replace(HYPHENATED_CODE, '[code]');
}

/** A copy of a log record with secrets removed: by key name, and by pattern in every string. */
export function redact(value: unknown, key = '', depth = 0): unknown {
  if (SECRET_KEYS.test(key) && value !== undefined && value !== null && value !== '') return '[redacted]';
  if (typeof value === 'string')
    return key === 'code' ? redactText(value).replace(ACCESS_CODE, '[code]') : redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const { name, message, stack, cause } = value;
    return redact({ name, message, stack, ...(cause === undefined ? {} : { cause }) }, key, depth + 1);
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, '', depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, depth + 1);
  return out;
}
