import { randomFillSync } from 'node:crypto';

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
  | 'lnk'
  | 'usr'
  | 'key'
  | 'stf'
  | 'crd'
  | 'etk'
  | 'ipn';

// Random bytes are drawn from a pooled buffer: ids are minted on hot paths (a ledger batch mints
// two per transfer) and one randomFill per id would dominate their cost.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomByte(): number {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++] as number;
}

/**
 * A prefixed, random, URL-safe id (`evt_3x9…`, 22 base58 characters after the prefix). The first
 * 8 characters encode the time in ms, so ids sort roughly by creation and B-tree inserts stay near
 * the right edge of the index; the other 14 are random (about 82 bits, by rejection sampling so
 * every character is uniform).
 */
export function newId(prefix: IdPrefix): string {
  let time = Date.now();
  let head = '';
  for (let i = 0; i < 8; i++) {
    head = ALPHABET[time % 58] + head;
    time = Math.floor(time / 58);
  }
  let tail = '';
  while (tail.length < 14) {
    const b = randomByte();
    if (b < 232) tail += ALPHABET[b % 58]; // 232 = 4 * 58: no modulo bias
  }
  return `${prefix}_${head}${tail}`;
}
