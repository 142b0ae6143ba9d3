import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps paths of this app and sends anything else to the wallet', () => {
    expect(safeNext('/pay/abc.def-ghi')).toBe('/pay/abc.def-ghi');
    expect(safeNext('/wallet?deposit=1250&currency=EUR')).toBe('/wallet?deposit=1250&currency=EUR');
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      undefined,
    ]) {
      expect(safeNext(bad)).toBe('/wallet');
    }
    expect(safeNext(['/a', '/b'])).toBe('/wallet');
  });
});
