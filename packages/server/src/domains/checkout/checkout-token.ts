import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';
import { AppError } from '../../errors.js';
import type { ActiveSigningKey, SigningKeys } from './signing-keys.js';

export const CHECKOUT_AUDIENCE = 'ducat-checkout';

/** What a checkout token binds: the shopper cannot change any of it without breaking it. */
export type CheckoutClaims = {
  orderId: string;
  merchantId: string;
  amount: number;
  currency: string;
  expiresAt: Date;
};

/** A bad, altered or foreign token: the checkout answers `checkout_error` / `error_signature`. */
export function signatureError(internalMessage: string): AppError {
  return new AppError('error_signature', {
    message: 'checkout_error: the checkout link is not valid (bad signature).',
    internalMessage,
    details: { error: 'checkout_error' },
  });
}

/** Signs a checkout token (EdDSA, `kid` in the header) that lives as long as the order. */
export async function signCheckoutToken(options: {
  /** The key set, or a key already fetched (inside a transaction nothing may wait on the pool). */
  keys: SigningKeys | ActiveSigningKey;
  issuer: string;
  claims: CheckoutClaims;
}): Promise<string> {
  const { kid, privateKey } = 'active' in options.keys ? await options.keys.active() : options.keys;
  const { claims } = options;
  return new SignJWT({
    mid: claims.merchantId,
    amt: claims.amount,
    cur: claims.currency,
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'ducat-checkout+jwt' })
    .setSubject(claims.orderId)
    .setIssuer(options.issuer)
    .setAudience(CHECKOUT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(privateKey);
}

/**
 * Verifies a checkout token's signature and returns what it binds. An expired token is still
 * accepted here (its order answers its final status); only a bad signature, a foreign issuer or
 * a malformed token is refused.
 */
export async function verifyCheckoutToken(options: {
  keys: SigningKeys;
  issuer: string;
  token: string;
}): Promise<CheckoutClaims> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(options.token);
    if (header.alg !== 'EdDSA') throw signatureError(`alg ${String(header.alg)}`);
    kid = header.kid;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw signatureError('malformed token');
  }
  const key = kid ? await options.keys.publicKey(kid) : undefined;
  if (!key) throw signatureError(`unknown kid ${String(kid)}`);
  try {
    const { payload } = await jwtVerify(options.token, key, {
      algorithms: ['EdDSA'],
      issuer: options.issuer,
      audience: CHECKOUT_AUDIENCE,
      // Expiry is the order's business: an expired order shows its final status.
      currentDate: new Date(0),
      requiredClaims: ['sub', 'exp'],
    });
    const { sub, mid, amt, cur, exp } = payload;
    if (
      typeof sub !== 'string' ||
      typeof mid !== 'string' ||
      typeof amt !== 'number' ||
      typeof cur !== 'string' ||
      typeof exp !== 'number'
    ) {
      throw signatureError('claims missing');
    }
    return {
      orderId: sub,
      merchantId: mid,
      amount: amt,
      currency: cur,
      expiresAt: new Date(exp * 1000),
    };
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JOSEError) throw signatureError(error.code);
    throw signatureError('verification failed');
  }
}
