import { decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import type { DbOrTx } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { AppError, type ErrorCode } from '../../errors.js';
import type { RedisClient } from '../../infra/redis.js';
import { type CredentialCache, type CredentialRow, loadCredentials } from './credential-cache.js';
import { credentialState } from './credential-record.js';
import type { MerchantCache } from './merchant-record.js';

/** Longest accepted `exp - iat`: a stolen token is useless within minutes. */
export const MAX_TOKEN_LIFETIME_SECONDS = 300;
/** Clock skew tolerated between the merchant's server and ours. */
export const CLOCK_SKEW_SECONDS = 30;

const MERCHANT_ID = /^mch_[1-9A-HJ-NP-Za-km-z]{22}$/;
const JTI = /^[\x21-\x7e]{8,128}$/;

export type MerchantCaller = { merchantId: string; mode: Mode; credentialId: string };

function refuse(code: ErrorCode, internalMessage?: string): AppError {
  return new AppError(code, internalMessage ? { internalMessage } : {});
}

function claimError(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) return refuse('jwt_expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return refuse('jwt_audience_invalid');
    if (error.claim === 'nbf' || (error.claim === 'iat' && error.reason === 'check_failed')) {
      return refuse('jwt_not_yet_valid');
    }
    return refuse('jwt_malformed', `claim ${error.claim}: ${error.reason}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse('jwt_algorithm_unsupported');
  return refuse('jwt_malformed', error instanceof Error ? error.message : String(error));
}

/**
 * Authenticates a merchant API call. The token is an HS256 JWT signed with one of the merchant's
 * API keys: `iss` = merchant id, `aud` = this API, `iat`/`exp` at most 300 s apart (30 s skew),
 * and a `jti` that is accepted once. The algorithm is pinned before any key is touched, so
 * `alg: none` and RS/HS confusion never reach verification. The key that verifies the token
 * decides the mode (test or live) of everything the call does.
 */
export async function verifyMerchantJwt(options: {
  db: DbOrTx;
  redis: RedisClient;
  cache: MerchantCache;
  masterKey: Buffer;
  /** The process's memo of decrypted credentials; without it they are read and decrypted here. */
  credentials?: CredentialCache;
  audience: string;
  token: string;
  now?: Date;
  /**
   * Runs once the token is proven valid and before its jti is consumed, e.g. the per-merchant
   * rate limit: a refused call must not burn the token the merchant will retry with.
   */
  beforeConsume?: (merchantId: string) => Promise<void>;
}): Promise<MerchantCaller> {
  const { token, audience } = options;
  const now = options.now ?? new Date();
  let claims: JWTPayload;
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
    claims = decodeJwt(token);
  } catch {
    throw refuse('jwt_malformed');
  }
  if (alg !== 'HS256') throw refuse('jwt_algorithm_unsupported', `alg ${String(alg)}`);
  const { iss, iat, exp, jti } = claims;
  if (
    typeof iss !== 'string' ||
    !MERCHANT_ID.test(iss) ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    typeof jti !== 'string' ||
    !JTI.test(jti)
  ) {
    throw refuse('jwt_malformed', 'missing or malformed iss, iat, exp or jti');
  }

  const merchant = await options.cache.get(iss);
  if (!merchant) throw refuse('merchant_unknown');

  const all = options.credentials
    ? ((await options.credentials.get(iss)) ?? [])
    : await loadCredentials({ db: options.db, masterKey: options.masterKey, merchantId: iss });
  const keys = all.filter((c) => c.row.kind === 'api_key');

  let matched: CredentialRow | undefined;
  let failure: unknown;
  for (const key of keys) {
    try {
      await jwtVerify(token, key.secretBytes, {
        algorithms: ['HS256'],
        audience,
        issuer: iss,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['iss', 'aud', 'iat', 'exp', 'jti'],
        currentDate: now,
      });
      matched = key.row;
      failure = undefined;
      break;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      // The signature matched this key (jose checks it before the claims); the claims did not.
      matched = key.row;
      failure = error;
      break;
    }
  }
  if (!matched) throw refuse('jwt_signature_invalid');
  const state = credentialState(matched, now);
  if (state === 'revoked') throw refuse('merchant_key_revoked');
  if (state === 'expired') throw refuse('merchant_key_expired');
  if (failure !== undefined) throw claimError(failure);

  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw refuse('jwt_not_yet_valid');
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) throw refuse('jwt_lifetime_too_long');
  if (merchant.status !== 'active') throw refuse('merchant_inactive');

  await options.beforeConsume?.(iss);
  // Remember the jti until the token could no longer pass the exp check anyway.
  const ttlMs = Math.max(1_000, (exp + CLOCK_SKEW_SECONDS - nowSeconds) * 1000);
  const first = await options.redis.set(`jti:${iss}:${jti}`, '1', 'PX', ttlMs, 'NX');
  if (first !== 'OK') throw refuse('jwt_replayed');

  return { merchantId: iss, mode: matched.mode, credentialId: matched.id };
}
