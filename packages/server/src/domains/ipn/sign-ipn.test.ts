import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './deliver-due-ipns.js';
import { signIpn, verifyIpnSignature } from './sign-ipn.js';

const body = '{"id":"evt_1","type":"order.timeout"}';
const now = new Date('2026-01-01T00:00:00Z');
const t = Math.floor(now.getTime() / 1000);

describe('IPN signatures', () => {
  it('signs t.body with HMAC-SHA256, one v1 per secret, newest first', () => {
    const header = signIpn({ body, secrets: ['new', 'old'], timestamp: t });
    const hex = (secret: string) =>
      createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${hex('new')},v1=${hex('old')}`);
  });

  it('verifies with any one of the secrets during a rotation', () => {
    const header = signIpn({ body, secrets: ['new', 'old'], timestamp: t });
    expect(verifyIpnSignature({ header, body, secrets: ['old'], now })).toEqual({
      ok: true,
      timestamp: t,
    });
    expect(verifyIpnSignature({ header, body, secrets: ['new'], now }).ok).toBe(true);
    expect(verifyIpnSignature({ header, body, secrets: ['other', 'new'], now }).ok).toBe(true);
  });

  it('refuses a wrong secret, a changed body and a moved timestamp', () => {
    const header = signIpn({ body, secrets: ['s'], timestamp: t });
    expect(verifyIpnSignature({ header, body, secrets: ['x'], now })).toEqual({
      ok: false,
      reason: 'no_matching_signature',
    });
    expect(verifyIpnSignature({ header, body: `${body} `, secrets: ['s'], now }).ok).toBe(false);
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifyIpnSignature({ header: moved, body, secrets: ['s'], now }).ok).toBe(false);
  });

  it('refuses timestamps outside the tolerance (replays of old captures)', () => {
    const header = signIpn({ body, secrets: ['s'], timestamp: t - 301 });
    expect(verifyIpnSignature({ header, body, secrets: ['s'], now })).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    expect(
      verifyIpnSignature({ header, body, secrets: ['s'], now, toleranceSeconds: 600 }).ok,
    ).toBe(true);
  });

  it('refuses malformed headers and ignores unknown schemes', () => {
    for (const header of [undefined, '', 'garbage', `t=${t}`, `v1=${'a'.repeat(64)}`]) {
      expect(verifyIpnSignature({ header, body, secrets: ['s'], now })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    const header = `${signIpn({ body, secrets: ['s'], timestamp: t })},v2=whatever`;
    expect(verifyIpnSignature({ header, body, secrets: ['s'], now }).ok).toBe(true);
  });
});

describe('retry delays (exponential backoff, full jitter)', () => {
  const config = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('stays below base * 2^(n-1), capped, and spans the whole range', () => {
    expect(retryDelayMs({ ...config, attempt: 1, random: () => 0.999 })).toBe(999);
    expect(retryDelayMs({ ...config, attempt: 4, random: () => 0.999 })).toBe(7_992);
    expect(retryDelayMs({ ...config, attempt: 30, random: () => 0.999 })).toBe(59_940);
    expect(retryDelayMs({ ...config, attempt: 1_000, random: () => 0.5 })).toBe(30_000);
    expect(retryDelayMs({ ...config, attempt: 3, random: () => 0 })).toBe(0);
    for (let attempt = 1; attempt < 12; attempt++) {
      const delay = retryDelayMs({ ...config, attempt });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(60_000, 1_000 * 2 ** (attempt - 1)));
    }
  });
});
