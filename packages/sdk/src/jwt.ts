import { base64Url, hmacSha256, randomId, utf8 } from './crypto.js';

/** Well below the server's 300 s ceiling, and long enough for a slow request to arrive. */
const LIFETIME_SECONDS = 120;

/**
 * A merchant JWT for one request: HS256 under the API key (its UTF-8 bytes), `iss` the merchant
 * id, a fresh `jti` (the server accepts each once, so every attempt of a retry gets its own).
 * Written with WebCrypto rather than a JWT library so the CommonJS build has no ESM-only
 * dependency and the package has none at all.
 */
export async function signMerchantJwt(options: {
  merchantId: string;
  merchantKey: string;
  audience: string;
  now?: number;
}): Promise<string> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const header = base64Url(utf8(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = base64Url(
    utf8(
      JSON.stringify({
        iss: options.merchantId,
        aud: options.audience,
        iat,
        exp: iat + LIFETIME_SECONDS,
        jti: randomId(),
      }),
    ),
  );
  const signature = await hmacSha256(options.merchantKey, utf8(`${header}.${payload}`));
  return `${header}.${payload}.${base64Url(signature)}`;
}
