import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const FORMAT = 'v1';

/** A random secret with a recognisable prefix: 32 bytes (256 bits) of randomness, base64url. */
export function randomSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** A random opaque token (session ids, mailed tokens, CSRF tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time string comparison (length leaks, content does not). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * AES-256-GCM under the master key. `associatedData` (the row id) binds a ciphertext to its
 * row, so copying one merchant's ciphertext onto another's row does not decrypt.
 */
export function encryptSecret(options: {
  masterKey: Buffer;
  plaintext: string;
  associatedData: string;
}): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', options.masterKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(options.associatedData));
  const ciphertext = Buffer.concat([cipher.update(options.plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv, tag, ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Throws when the ciphertext was altered, moved to another row or made under another key. */
export function decryptSecret(options: {
  masterKey: Buffer;
  ciphertext: string;
  associatedData: string;
}): string {
  const [format, iv, tag, data] = options.ciphertext.split('.');
  if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) {
    throw new Error('unknown secret ciphertext format');
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    options.masterKey,
    Buffer.from(iv, 'base64url'),
    {
      authTagLength: 16,
    },
  );
  decipher.setAAD(Buffer.from(options.associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(data, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
