import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

export type ScryptParams = { cost: number; blockSize: number; parallelization: number };

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.cost,
    r: params.blockSize,
    p: params.parallelization,
    // Node refuses above 32 MiB by default; allow twice what these parameters need.
    maxmem: 256 * params.cost * params.blockSize,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** scrypt with a fresh 16-byte salt; the parameters are stored with the hash. */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return [
    'scrypt',
    params.cost,
    params.blockSize,
    params.parallelization,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

/** True when the password matches; compares in constant time. Unparseable hashes never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || salt === undefined || hash === undefined) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), {
    cost: Number(n),
    blockSize: Number(r),
    parallelization: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Whether a stored hash was made with weaker parameters than the current ones (rehash at login). */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const [, n, r, p] = stored.split('$');
  return (
    Number(n) < params.cost || Number(r) < params.blockSize || Number(p) < params.parallelization
  );
}
