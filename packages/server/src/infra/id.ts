import { randomBytes } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Prefixes in use. An id says what it names, so a support ticket quoting one is unambiguous. */
export type IdPrefix =
  | 'evt'
  | 'req'
  | 'idk'
  | 'ord'
  | 'mch'
  | 'acc'
  | 'trf'
  | 'usr'
  | 'key'
  | 'stf'
  | 'crd'
  | 'etk';

function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  return out.padStart(22, '1');
}

/**
 * A prefixed, random, URL-safe id (`evt_3x9…`). The first 6 bytes are the time in ms so ids
 * sort roughly by creation, which keeps B-tree inserts near the right edge of the index; the
 * remaining 10 bytes (80 bits) are random.
 */
export function newId(prefix: IdPrefix): string {
  const bytes = new Uint8Array(16);
  const now = Date.now();
  for (let i = 5; i >= 0; i--) bytes[5 - i] = Math.floor(now / 2 ** (8 * i)) & 0xff;
  bytes.set(randomBytes(10), 6);
  return `${prefix}_${base58(bytes)}`;
}
