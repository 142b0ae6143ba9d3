import { describe, expect, it } from 'vitest';
import { isIsoCurrency, minorUnits } from './index.js';

describe('currencies', () => {
  it('exposes the ISO 4217 minor-unit exponents the platform validates with', () => {
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('KWD')).toBe(3);
    expect(minorUnits('BHD')).toBe(3);
    expect(minorUnits('ZZZ')).toBeUndefined();
    expect(isIsoCurrency('BTC')).toBe(false);
  });
});
