import { describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';

const FAST = { cost: 1024, blockSize: 8, parallelization: 1 };

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts each hash: the same password never hashes the same twice', async () => {
    const a = await hashPassword('same password', FAST);
    const b = await hashPassword('same password', FAST);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(a).not.toContain('same password');
  });

  it('stores its parameters with the hash and flags hashes weaker than the current ones', async () => {
    const hash = await hashPassword('pw', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(needsRehash(hash, FAST)).toBe(false);
    expect(needsRehash(hash, { ...FAST, cost: 2048 })).toBe(true);
  });

  it('never matches a malformed or foreign hash', async () => {
    expect(await verifyPassword('pw', 'md5$abc')).toBe(false);
    expect(await verifyPassword('pw', 'plain-text-password')).toBe(false);
  });

  it('defaults to memory-hard parameters, and production refuses weak ones', () => {
    expect(loadEnv({}).SCRYPT_COST).toBe(2 ** 15);
    expect(() =>
      loadEnv({
        NODE_ENV: 'production',
        SCRYPT_COST: '1024',
        MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
    ).toThrow(/SCRYPT_COST/);
  });
});
