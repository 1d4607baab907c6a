import { describe, expect, it } from 'vitest';
import { idCheckChar, maskIdNumber, maskPhone, parseIdNumber } from '#shared/id-number';
import { isPhone, officialDate } from '#shared/text';

describe('ID numbers (GB 11643)', () => {
  it('computes the check character, X included', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
  });

  it('reads birth date and sex from a valid number', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      birthMonth: '1949-12',
      birthDate: '1949-12-31',
      sex: '女',
    });
    const man = `44052419800101001${idCheckChar('44052419800101001')}`;
    expect(parseIdNumber(man)).toMatchObject({ sex: '男', birthMonth: '1980-01' });
    // Before 1900 is no birth date a nominee can have.
    expect(parseIdNumber('440524188001010014')).toBeNull();
    expect(parseIdNumber(' 11010519491231002x ')).not.toBeNull();
  });

  it('refuses a wrong check digit, a wrong length, letters and impossible dates', () => {
    expect(parseIdNumber('110105194912310021')).toBeNull();
    expect(parseIdNumber('11010519491231002')).toBeNull();
    expect(parseIdNumber('1101051949123100AX')).toBeNull();
    const feb30 = `41090219850230123`;
    expect(parseIdNumber(feb30 + idCheckChar(feb30))).toBeNull();
  });

  it('masks to the first 6 and last 4 characters', () => {
    expect(maskIdNumber('410902198506151234')).toBe('410902********1234');
  });

  it('masks mobiles and landlines', () => {
    expect(maskPhone('13903930001')).toBe('139****0001');
    expect(maskPhone('0393-6666715')).toBe('0393-****15');
  });
});

describe('text rules', () => {
  it('accepts mobiles and area-code landlines only', () => {
    for (const ok of ['13903930001', '0393-6666715', '03936666715', '010-12345678'])
      expect(isPhone(ok), ok).toBe(true);
    for (const bad of ['12345', '23903930001', '6666715', '0393-66']) expect(isPhone(bad), bad).toBe(false);
  });

  it('writes dates the official way, without zero padding', () => {
    expect(officialDate('2024-01-08')).toBe('2024年1月8日');
  });
});
