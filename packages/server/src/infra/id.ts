import { createHash, randomFillSync } from 'node:crypto';

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
  | 'ipn'
  | 'rfd'
  | 'po'
  | 'pp'
  | 'exc'
  | 'logo'
  | 'cs'
  | 'cst'
  | 'wd'
  | 'rcr'
  | 'rdf'
  | 'rcc'
  | 'stl'
  | 'rsk'
  | 'lck'
  | 'prv'
  | 'we'
  | 'cmp';

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

/**
 * The smallest (or largest) id `newId(prefix)` can mint at `ms`: ids sort by their creation time,
 * so a time range over minted ids is a range of the primary key (no index on a time column).
 */
export function idBoundAt(prefix: IdPrefix, ms: number, bound: 'min' | 'max'): string {
  let time = Math.max(0, Math.floor(ms));
  let head = '';
  for (let i = 0; i < 8; i++) {
    head = ALPHABET[time % 58] + head;
    time = Math.floor(time / 58);
  }
  const fill = bound === 'min' ? ALPHABET[0] : ALPHABET[ALPHABET.length - 1];
  return `${prefix}_${head}${(fill ?? '').repeat(14)}`;
}

/**
 * A prefixed id derived from a caller's key (e.g. a shopper's Idempotency-Key), 22 base58
 * characters of its SHA-256 like `newId`. The same key always names the same record, so a retried
 * request, even one whose first attempt died before answering, finds the record it created.
 * Callers include who owns the key in `parts`, so two owners' keys never meet.
 */
export function idFromKey(prefix: IdPrefix, ...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\n')).digest();
  let tail = '';
  for (let i = 0; tail.length < 22 && i < digest.length; i++) {
    const b = digest[i] as number;
    if (b < 232) tail += ALPHABET[b % 58];
  }
  // 32 bytes give 22 unbiased characters except with negligible probability; pad from a rehash.
  return tail.length === 22 ? `${prefix}_${tail}` : idFromKey(prefix, ...parts, 'pad');
}
