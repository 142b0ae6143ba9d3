import { describe, expect, it } from 'vitest';
import { formatMoney, minorDigits, parseMoney, toDecimalText } from './money';

describe('money in minor units', () => {
  it('formats minor units exactly, whatever the currency exponent', () => {
    expect(formatMoney(1_250, 'EUR')).toBe('€12.50');
    expect(formatMoney(5, 'EUR')).toBe('€0.05');
    expect(formatMoney(-1_999, 'EUR')).toBe('-€19.99');
    expect(formatMoney(500, 'JPY')).toBe('JP¥500');
    expect(formatMoney(1_234, 'KWD')).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(1_234, 'BHD')).toMatch(/^BHD\s1\.234$/);
    // ISO 4217 decides, where Intl (CLDR) says otherwise: IQD has 3 minor digits, not 0.
    expect(minorDigits('IQD')).toBe(3);
    expect(formatMoney(1_500, 'IQD')).toMatch(/^IQD\s1\.500$/);
    expect(parseMoney('1.5', 'IQD')).toBe(1_500);
    // Beyond 2^53 cents a float would round; the formatter never makes one of the amount.
    expect(formatMoney(9_007_199_254_740_991, 'EUR')).toBe('€90,071,992,547,409.91');
  });

  it('reads what people type into minor units and refuses what is not an amount', () => {
    expect(parseMoney('12.5', 'EUR')).toBe(1_250);
    expect(parseMoney('12,50', 'EUR')).toBe(1_250);
    expect(parseMoney(' 1 000 ', 'EUR')).toBe(100_000);
    expect(parseMoney('0.10', 'EUR')).toBe(10);
    expect(parseMoney('500', 'JPY')).toBe(500);
    for (const bad of ['', 'abc', '-5', '0', '0.00', '1.234', '1e3', '12.5.0']) {
      expect(parseMoney(bad, 'EUR')).toBeUndefined();
    }
    expect(parseMoney('1.5', 'JPY')).toBeUndefined();
  });

  it('round-trips minor units through the text a form shows', () => {
    expect(toDecimalText(2_400, 'EUR')).toBe('24.00');
    expect(toDecimalText(7, 'EUR')).toBe('0.07');
    expect(toDecimalText(500, 'JPY')).toBe('500');
    // Negative amounts (a balance owed, a debit posting) keep their sign below one unit too.
    expect(toDecimalText(-50, 'EUR')).toBe('-0.50');
    expect(toDecimalText(-1_205, 'EUR')).toBe('-12.05');
    expect(parseMoney(toDecimalText(123_456, 'EUR'), 'EUR')).toBe(123_456);
    expect(minorDigits('EUR')).toBe(2);
  });
});
