import { describe, expect, it } from 'vitest';
import { ZOrigin } from './schemas.js';

describe('allowed widget origins', () => {
  it.each(['https://shop.example', 'http://localhost:3002', 'https://shop.example:8443'])(
    'accepts the origin %s',
    (origin) => {
      expect(ZOrigin.safeParse(origin).success).toBe(true);
    },
  );

  it.each([
    'https://*',
    'https://*.shop.example',
    'https://user@evil.example',
    'https://shop.example?x=1',
    'https://shop.example/',
    'https://shop.example/path',
    'javascript:alert(1)',
    'https://SHOP.example',
  ])('refuses %s', (origin) => {
    expect(ZOrigin.safeParse(origin).success).toBe(false);
  });
});
