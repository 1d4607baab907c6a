/**
 * Resident ID numbers (公民身份号码, GB 11643-1999): check digit, birth date, sex, masking.
 * Pure functions shared by the web form and the API.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character (0-9 or X) that the first 17 digits call for. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** What an ID number says about its holder, or null when it is malformed or its check digit is wrong. */
export function parseIdNumber(
  raw: string,
): { birthMonth: string; birthDate: string; sex: '男' | '女' } | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return null;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return {
    birthMonth: `${id.slice(6, 10)}-${id.slice(10, 12)}`,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? '男' : '女',
  };
}

/** 410902********1234: the first 6 and last 4 characters, the rest hidden. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 138****5678 for mobiles; landlines keep the area code and the last 2 digits. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return '*'.repeat(phone.length);
  const area = phone.includes('-') ? (phone.split('-')[0] as string) : digits.slice(0, 4);
  return `${area}-****${digits.slice(-2)}`;
}
