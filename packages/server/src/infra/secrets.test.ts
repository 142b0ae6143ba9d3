import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEV_MASTER_KEY, loadEnv } from '../env.js';
import { decryptSecret, encryptSecret, randomSecret } from './secrets.js';

const masterKey = randomBytes(32);

describe('secrets at rest (AES-256-GCM)', () => {
  it('round-trips and never contains the plaintext', () => {
    const secret = randomSecret('dk_test_');
    const ciphertext = encryptSecret({ masterKey, plaintext: secret, associatedData: 'key_1' });
    expect(ciphertext).not.toContain(secret.slice(8));
    expect(decryptSecret({ masterKey, ciphertext, associatedData: 'key_1' })).toBe(secret);
  });

  it('refuses a tampered ciphertext, another row, or another master key', () => {
    const ciphertext = encryptSecret({
      masterKey,
      plaintext: 'dk_test_abc',
      associatedData: 'key_1',
    });
    const parts = ciphertext.split('.');
    const data = Buffer.from(parts[3] ?? '', 'base64url');
    data[0] = (data[0] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 3), data.toString('base64url')].join('.');
    expect(() =>
      decryptSecret({ masterKey, ciphertext: tampered, associatedData: 'key_1' }),
    ).toThrow();
    expect(() => decryptSecret({ masterKey, ciphertext, associatedData: 'key_2' })).toThrow();
    expect(() =>
      decryptSecret({ masterKey: randomBytes(32), ciphertext, associatedData: 'key_1' }),
    ).toThrow();
  });

  it('keys are 256-bit random with a recognisable prefix', () => {
    const a = randomSecret('dk_live_');
    expect(a).toMatch(/^dk_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(8), 'base64url')).toHaveLength(32);
    expect(randomSecret('dk_live_')).not.toBe(a);
  });

  it('production requires a master key of its own', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/MASTER_KEY/);
    expect(() => loadEnv({ NODE_ENV: 'production', MASTER_KEY: DEV_MASTER_KEY })).toThrow(
      /MASTER_KEY/,
    );
    expect(() => loadEnv({ MASTER_KEY: 'c2hvcnQ=' })).toThrow(/MASTER_KEY/);
    const key = randomBytes(32).toString('base64');
    expect(loadEnv({ NODE_ENV: 'production', MASTER_KEY: key }).MASTER_KEY).toBe(key);
  });
});
