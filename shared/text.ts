/** Text rules the forms share: how Chinese offices count 字, and phone formats. */

/** The number of characters a reader counts as 字: every character except white space. */
export function countChars(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/.test(ch)) n++;
  return n;
}

/** An 11-digit mainland mobile number. */
export const MOBILE = /^1[3-9]\d{9}$/;
/** An area-code landline such as 0393-6666715 (extension allowed). */
export const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

export function isPhone(value: string): boolean {
  return MOBILE.test(value) || LANDLINE.test(value);
}

/** 2024年1月18日: the official way to write a date, without zero padding. */
export function officialDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
