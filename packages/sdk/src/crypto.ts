import { DucatError } from './errors.js';

const encoder = new TextEncoder();

/**
 * WebCrypto from the runtime (Node 19+, Bun, Deno, browsers and edge runtimes have it global).
 * No `node:crypto` import here: the core must bundle for edge runtimes unchanged.
 */
function webCrypto(): Crypto {
  const found = (globalThis as { crypto?: Crypto }).crypto;
  if (!found?.subtle) {
    throw new DucatError({
      code: 'crypto_unavailable',
      message:
        'WebCrypto is not available. On Node 18, start node with --experimental-global-webcrypto, or assign the webcrypto export of node:crypto to globalThis.crypto before using @ducat/sdk.',
    });
  }
  return found;
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text) as Uint8Array<ArrayBuffer>;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let hex = '';
  for (const byte of view) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Lowercase or uppercase hex to bytes; undefined for anything that is not whole hex. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function base64Url(bytes: Uint8Array | ArrayBuffer): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key for a secret string (its UTF-8 bytes), imported once per secret. */
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = webCrypto().subtle.importKey(
      'raw',
      utf8(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    // Bounded: a long-running process that rotates keys must not keep every old one.
    if (keyCache.size >= 32) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacSha256(
  secret: string,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array> {
  const key = await hmacKey(secret);
  return new Uint8Array(await webCrypto().subtle.sign('HMAC', key, data));
}

/**
 * Whether `signature` is the HMAC-SHA256 of `data` under `secret`. WebCrypto's verify compares
 * in constant time, so the timing does not reveal how many leading bytes were right.
 */
export async function hmacSha256Verify(
  secret: string,
  data: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const key = await hmacKey(secret);
  return webCrypto().subtle.verify('HMAC', key, signature, data);
}

export function randomId(): string {
  return webCrypto().randomUUID();
}
