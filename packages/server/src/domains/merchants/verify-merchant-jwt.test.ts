import { eq } from 'drizzle-orm';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantCredentials } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { useTestEnv } from '../../test/harness.js';
import {
  Browser,
  createMerchant,
  IDENTITY_TEST_ENV,
  identityFor,
  issueApiKey,
  type RunningServer,
  SYSTEM,
  signMerchantJwt,
  startServer,
} from '../../test/identity.js';
import { issueMerchantCredential } from './issue-merchant-credential.js';
import { revokeMerchantCredential } from './revoke-merchant-credential.js';
import { verifyMerchantJwt } from './verify-merchant-jwt.js';

const t = useTestEnv({
  ...IDENTITY_TEST_ENV,
  RATE_LIMIT_MERCHANT_API: '5/5',
  TRUST_PROXY: 'loopback',
});

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function verify(token: string, now?: Date) {
  const identity = identityFor(t());
  return verifyMerchantJwt({
    db: t().database.db,
    redis: t().redis,
    cache: identity.merchants,
    masterKey: identity.config.masterKey,
    audience: identity.config.jwtAudience,
    token,
    ...(now ? { now } : {}),
  });
}

async function refusal(token: string, now?: Date): Promise<string> {
  try {
    await verify(token, now);
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('merchant JWT authentication', () => {
  let merchantId = '';
  let secret = '';
  let credentialId = '';

  beforeAll(async () => {
    ({ merchantId } = await createMerchant(t()));
    ({ secret, credentialId } = await issueApiKey(t(), { merchantId }));
  });

  it('accepts a well-formed token and reports the key mode', async () => {
    const token = await signMerchantJwt({ secret, merchantId });
    await expect(verify(token)).resolves.toEqual({ merchantId, mode: 'test', credentialId });
  });

  it('the key is 256-bit random, prefixed by mode, and its row holds only ciphertext', async () => {
    expect(secret).toMatch(/^dk_test_[A-Za-z0-9_-]{43}$/);
    const [row] = await t()
      .database.db.select()
      .from(merchantCredentials)
      .where(eq(merchantCredentials.id, credentialId));
    const rowText = JSON.stringify(row);
    expect(rowText).not.toContain(secret);
    expect(rowText).not.toContain(secret.slice('dk_test_'.length));
    expect(row?.secretCiphertext).toMatch(/^v1\./);
    expect(row?.hint).toBe(`dk_test_…${secret.slice(-4)}`);
  });

  it('refuses a tampered payload', async () => {
    const token = await signMerchantJwt({ secret, merchantId });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = `${header}.${b64url({ ...claims, amount: 1_000_000 })}.${signature}`;
    expect(await refusal(tampered)).toBe('jwt_signature_invalid');
  });

  it('refuses a token signed with another key', async () => {
    const token = await signMerchantJwt({ secret: `${secret}x`, merchantId });
    expect(await refusal(token)).toBe('jwt_signature_invalid');
  });

  it('refuses alg: none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
      iss: merchantId,
      aud: 'ducat-api',
      iat: now,
      exp: now + 60,
      jti: 'none-attack-1',
    })}.`;
    expect(await refusal(unsigned)).toBe('jwt_algorithm_unsupported');
  });

  it('refuses RS256 tokens and RS/HS confusion', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: merchantId,
      aud: 'ducat-api',
      iat: now,
      exp: now + 60,
      jti: 'rs-attack-1',
    };
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const rs = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    expect(await refusal(rs)).toBe('jwt_algorithm_unsupported');
    // The classic confusion: HS256 "signed" with a public key the attacker knows.
    const { exportSPKI } = await import('jose');
    const pem = await exportSPKI(publicKey);
    const confused = await new SignJWT({ ...claims, jti: 'rs-attack-2' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(pem));
    expect(await refusal(confused)).toBe('jwt_signature_invalid');
    const relabelled = `${b64url({ alg: 'RS256' })}.${confused.split('.').slice(1).join('.')}`;
    expect(await refusal(relabelled)).toBe('jwt_algorithm_unsupported');
  });

  it('refuses an expired token (beyond the 30 s skew) and accepts one inside it', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await signMerchantJwt({
      secret,
      merchantId,
      iat: now - 120,
      lifetimeSeconds: 60,
    });
    expect(await refusal(expired)).toBe('jwt_expired');
    const justExpired = await signMerchantJwt({
      secret,
      merchantId,
      iat: now - 80,
      lifetimeSeconds: 60,
    });
    expect(await refusal(justExpired)).toBe('accepted');
  });

  it('refuses a token issued in the future (beyond skew) and one living longer than 300 s', async () => {
    const now = Math.floor(Date.now() / 1000);
    const future = await signMerchantJwt({ secret, merchantId, iat: now + 120 });
    expect(await refusal(future)).toBe('jwt_not_yet_valid');
    const long = await signMerchantJwt({ secret, merchantId, lifetimeSeconds: 301 });
    expect(await refusal(long)).toBe('jwt_lifetime_too_long');
  });

  it('refuses a wrong audience, a malformed token and missing claims', async () => {
    const wrongAud = await signMerchantJwt({ secret, merchantId, audience: 'someone-else' });
    expect(await refusal(wrongAud)).toBe('jwt_audience_invalid');
    expect(await refusal('not-a-jwt')).toBe('jwt_malformed');
    const noJti = await new SignJWT({ iss: merchantId, aud: 'ducat-api' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));
    expect(await refusal(noJti)).toBe('jwt_malformed');
  });

  it('accepts a jti once: the replay is refused', async () => {
    const token = await signMerchantJwt({ secret, merchantId, jti: 'once-only-jti-1' });
    expect(await refusal(token)).toBe('accepted');
    expect(await refusal(token)).toBe('jwt_replayed');
  });

  it('refuses unknown and inactive merchants', async () => {
    const ghost = await signMerchantJwt({ secret, merchantId: 'mch_1111111111111111111111' });
    expect(await refusal(ghost)).toBe('merchant_unknown');
    const { merchantId: suspendedId } = await createMerchant(t());
    const { secret: suspendedKey } = await issueApiKey(t(), { merchantId: suspendedId });
    const { changeMerchantStatus } = await import('./change-merchant-status.js');
    await t().database.db.transaction((tx) =>
      changeMerchantStatus({ tx, actor: SYSTEM, merchantId: suspendedId, status: 'suspended' }),
    );
    await identityFor(t()).merchants.invalidate(suspendedId);
    const token = await signMerchantJwt({ secret: suspendedKey, merchantId: suspendedId });
    expect(await refusal(token)).toBe('merchant_inactive');
  });

  it('a revoked key is refused at once', async () => {
    const { merchantId: m } = await createMerchant(t());
    const key = await issueApiKey(t(), { merchantId: m });
    expect(await refusal(await signMerchantJwt({ secret: key.secret, merchantId: m }))).toBe(
      'accepted',
    );
    await t().database.db.transaction((tx) =>
      revokeMerchantCredential({
        tx,
        actor: SYSTEM,
        merchantId: m,
        credentialId: key.credentialId,
      }),
    );
    expect(await refusal(await signMerchantJwt({ secret: key.secret, merchantId: m }))).toBe(
      'merchant_key_revoked',
    );
  });

  it('a rotated key stays valid inside the grace period and is refused after it', async () => {
    const { merchantId: m } = await createMerchant(t());
    const old = await issueApiKey(t(), { merchantId: m });
    const fresh = await issueApiKey(t(), { merchantId: m, graceSeconds: 600 });
    const now = Date.now();
    const at = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000);
    const signAt = (key: string, offsetSeconds: number) =>
      signMerchantJwt({
        secret: key,
        merchantId: m,
        iat: Math.floor(at(offsetSeconds).getTime() / 1000),
      });

    expect(await refusal(await signAt(old.secret, 0), at(0))).toBe('accepted');
    expect(await refusal(await signAt(old.secret, 590), at(590))).toBe('accepted');
    expect(await refusal(await signAt(fresh.secret, 0), at(0))).toBe('accepted');
    expect(await refusal(await signAt(old.secret, 610), at(610))).toBe('merchant_key_expired');
    expect(await refusal(await signAt(fresh.secret, 610), at(610))).toBe('accepted');
  });

  it('test and live keys authenticate their own mode', async () => {
    const { merchantId: m } = await createMerchant(t());
    const test = await issueApiKey(t(), { merchantId: m, mode: 'test' });
    const live = await issueApiKey(t(), { merchantId: m, mode: 'live' });
    expect(live.secret).toMatch(/^dk_live_/);
    expect((await verify(await signMerchantJwt({ secret: test.secret, merchantId: m }))).mode).toBe(
      'test',
    );
    expect((await verify(await signMerchantJwt({ secret: live.secret, merchantId: m }))).mode).toBe(
      'live',
    );
  });

  it('live keys are only issued to active merchants', async () => {
    const { merchantId: pending } = await createMerchant(t(), { status: 'pending' });
    await expect(
      t().database.db.transaction((tx) =>
        issueMerchantCredential({
          tx,
          actor: SYSTEM,
          masterKey: identityFor(t()).config.masterKey,
          merchantId: pending,
          kind: 'api_key',
          mode: 'live',
          graceSeconds: 0,
        }),
      ),
    ).rejects.toMatchObject({ code: 'merchant_not_active' });
  });

  describe('over HTTP', () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer(t());
    });
    afterAll(async () => {
      await server.http.close(1_000);
    });

    it('merchant.whoami answers the merchant and mode for a valid Bearer token', async () => {
      const browser = new Browser(server.base);
      const token = await signMerchantJwt({ secret, merchantId });
      const ok = await browser.query('merchant.whoami', undefined, {
        authorization: `Bearer ${token}`,
      });
      expect(ok.status).toBe(200);
      expect(ok.body.result?.data).toEqual({ merchantId, mode: 'test', credentialId });
      const replay = await browser.query('merchant.whoami', undefined, {
        authorization: `Bearer ${token}`,
      });
      expect(replay.status).toBe(401);
      expect(replay.body.error?.data.code).toBe('jwt_replayed');
      const none = await browser.query('merchant.whoami');
      expect(none.status).toBe(401);
      expect(none.body.error?.data.code).toBe('jwt_missing');
    });

    it('merchant API calls are rate limited per merchant (whatever the IP) and recover', async () => {
      const { merchantId: m } = await createMerchant(t());
      const { secret: key } = await issueApiKey(t(), { merchantId: m });
      const whoami = async () => {
        // A new address every call: the per-merchant limit must hold on its own.
        const browser = new Browser(server.base);
        const token = await signMerchantJwt({ secret: key, merchantId: m });
        return browser.query('merchant.whoami', undefined, { authorization: `Bearer ${token}` });
      };
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await whoami()).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const limited = await whoami();
      expect(limited.body.error?.data.code).toBe('rate_limited');
      expect(limited.headers.get('retry-after')).toBe('1');
      const details = limited.body.error?.data.details as { retryAfterMs?: number } | undefined;
      expect(details?.retryAfterMs).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, (details?.retryAfterMs ?? 0) + 50));
      expect((await whoami()).status).toBe(200);
    });

    it('a rate-limited call does not burn its token: the retry with the same token works', async () => {
      const { merchantId: m } = await createMerchant(t());
      const { secret: key } = await issueApiKey(t(), { merchantId: m });
      const call = (token: string) =>
        new Browser(server.base).query('merchant.whoami', undefined, {
          authorization: `Bearer ${token}`,
        });
      for (let i = 0; i < 5; i++) {
        expect((await call(await signMerchantJwt({ secret: key, merchantId: m }))).status).toBe(
          200,
        );
      }
      const token = await signMerchantJwt({ secret: key, merchantId: m });
      const refused = await call(token);
      expect(refused.body.error?.data.code).toBe('rate_limited');
      const details = refused.body.error?.data.details as { retryAfterMs?: number } | undefined;
      await new Promise((r) => setTimeout(r, (details?.retryAfterMs ?? 0) + 50));
      expect((await call(token)).status).toBe(200);
    });

    it('the raw key never appears in logs', async () => {
      expect(JSON.stringify(t().logLines)).not.toContain(secret);
    });
  });
});
