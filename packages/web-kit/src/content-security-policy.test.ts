import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './content-security-policy';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split('; ').map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name, values.join(' ')];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce and forbids framing by default', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc', https: false, dev: false }));
    expect(csp.get('script-src')).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('allows eval only for next dev', () => {
    const dev = directives(contentSecurityPolicy({ nonce: 'n', https: false, dev: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    const prod = directives(contentSecurityPolicy({ nonce: 'n', https: false, dev: false }));
    expect(prod.get('script-src')).not.toContain('unsafe-eval');
  });

  it("lets exactly the merchant's origins frame the embed page", () => {
    const csp = directives(
      contentSecurityPolicy({
        nonce: 'n',
        https: true,
        dev: false,
        frameAncestors: ['https://shop.example', 'https://www.shop.example'],
      }),
    );
    expect(csp.get('frame-ancestors')).toBe('https://shop.example https://www.shop.example');
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
    expect(
      directives(
        contentSecurityPolicy({ nonce: 'n', https: true, dev: false, frameAncestors: [] }),
      ).get('frame-ancestors'),
    ).toBe("'none'");
  });

  it('makes a fresh 128-bit nonce every time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
