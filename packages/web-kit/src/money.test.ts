import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, minorToDecimal, parseMoney } from './money';

describe('money in minor units', () => {
  it('knows how many minor units each currency has', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('writes minor units as an exact decimal, whatever the size', () => {
    expect(minorToDecimal(1205, 'EUR')).toBe('12.05');
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorToDecimal(0, 'EUR')).toBe('0.00');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(minorToDecimal(1234, 'KWD')).toBe('1.234');
    expect(minorToDecimal(9_007_199_254_740_991, 'EUR')).toBe('90071992547409.91');
    expect(() => minorToDecimal(1.5, 'EUR')).toThrow(RangeError);
  });

  it('formats for people without going through a float', () => {
    expect(formatMoney(1205, 'EUR')).toBe('€12.05');
    expect(formatMoney(-1999, 'USD')).toBe('-$19.99');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(9_007_199_254_740_991, 'EUR')).toBe('€90,071,992,547,409.91');
  });

  it('parses what people type into minor units, or refuses it', () => {
    expect(parseMoney('12.5', 'EUR')).toBe(1250);
    expect(parseMoney('12,50', 'EUR')).toBe(1250);
    expect(parseMoney(' 1 000 ', 'EUR')).toBe(100_000);
    expect(parseMoney('0.07', 'EUR')).toBe(7);
    expect(parseMoney('-3', 'EUR')).toBe(-300);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('12.345', 'EUR')).toBeUndefined();
    expect(parseMoney('1.5', 'JPY')).toBeUndefined();
    expect(parseMoney('abc', 'EUR')).toBeUndefined();
    expect(parseMoney('', 'EUR')).toBeUndefined();
    expect(parseMoney('99999999999999999', 'EUR')).toBeUndefined();
  });
});
