import { describe, expect, it } from 'vitest';
import { daysBetween, endOfDay, optionalParam, startOfDay, ZMerchantId } from './params';

describe('URL params', () => {
  it('turn UTC days into a half-open range', () => {
    expect(startOfDay('2026-11-26')).toBe('2026-11-26T00:00:00.000Z');
    expect(endOfDay('2026-11-26')).toBe('2026-11-27T00:00:00.000Z');
    expect(endOfDay('2026-12-31')).toBe('2027-01-01T00:00:00.000Z');
    expect(daysBetween('2026-11-01', '2026-12-01')).toBe(30);
  });

  it('drop a bad value instead of failing the page', () => {
    const merchant = optionalParam(ZMerchantId);
    expect(merchant.parse('mch_1pAoeXqxPHjLZ131mPMrMG')).toBe('mch_1pAoeXqxPHjLZ131mPMrMG');
    expect(merchant.parse("mch_x' OR 1=1")).toBeUndefined();
    expect(merchant.parse(undefined)).toBeUndefined();
  });
});
