import { eq } from 'drizzle-orm';
import { merchants, users } from '../db/schema/index.js';
import { createPaymentServices } from '../domains/checkout/create-payment-services.js';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { deliverDueIpns } from '../domains/ipn/deliver-due-ipns.js';
import { createTransfer, getBalance, type LedgerWriter } from '../domains/ledger/index.js';
import { issueMerchantCredential } from '../domains/merchants/issue-merchant-credential.js';
import type { ProviderRegistry } from '../domains/providers/types.js';
import type { RiskEngine } from '../domains/risk/risk-engine.js';
import { signUp } from '../domains/users/sign-up.js';
import { syncPrimaryEndpoints } from '../domains/webhooks/sync-primary-endpoints.js';
import { createHttpServer, type HttpServer } from '../http.js';
import { appRouter } from '../root.js';
import { createPlainRoutes, type NotificationHandler } from '../routers/plain-routes.js';
import type { TestEnv } from './harness.js';
import {
  Browser,
  createMerchant,
  identityFor,
  issueApiKey,
  PASSWORD,
  SYSTEM,
  signMerchantJwt,
  uniqueEmail,
} from './identity.js';
import { testWriter } from './ledger.js';

/** Test configuration for payment tests: fast hashing, proxy headers honoured, no tight limits. */
export const PAYMENT_TEST_ENV = {
  SCRYPT_COST: '1024',
  TRUST_PROXY: 'loopback',
  RATE_LIMIT_PAYMENT: '100000/1',
  RATE_LIMIT_MERCHANT_API: '100000/1',
  RATE_LIMIT_LOGIN: '100000/1',
};

export type PaymentServer = {
  base: string;
  http: HttpServer;
  services: PaymentServices;
  writer: LedgerWriter;
  stop(): Promise<void>;
};

/** The real app router over real HTTP with payment services on the test database and Redis. */
export async function startPaymentServer(
  t: TestEnv,
  options: {
    providers?: ProviderRegistry;
    risk?: RiskEngine;
    onNotification?: NotificationHandler;
  } = {},
): Promise<PaymentServer> {
  const identity = identityFor(t);
  const writer = testWriter(t);
  const services = createPaymentServices({
    env: t.env,
    db: t.database.db,
    redis: t.redis,
    logger: t.logger,
    ledger: writer,
    identity,
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.risk ? { risk: options.risk } : {}),
  });
  const http = createHttpServer({
    router: appRouter,
    database: t.database,
    redis: t.redis,
    logger: t.logger,
    // Test merchants receive IPNs on 127.0.0.1.
    config: {
      idempotencyTtlHours: 24,
      ipnAllowPrivateNetworks: true,
      docsUrl: 'http://ducat.test/docs/errors',
    },
    identity,
    payments: services,
    routes: createPlainRoutes({
      services,
      ...(options.onNotification ? { onNotification: options.onNotification } : {}),
    }),
  });
  const address = await http.listen(0, '127.0.0.1');
  return {
    base: `http://127.0.0.1:${address.port}`,
    http,
    services,
    writer,
    async stop() {
      await http.close(1_000);
      await writer.stop();
    },
  };
}

export type TestMerchant = {
  merchantId: string;
  apiKey: string;
  webhookSecret: string;
  /** A fresh merchant JWT per call, as the SDK makes them. */
  jwt(): Promise<string>;
  /** A merchant API call over tRPC HTTP with a fresh JWT. */
  call: (
    type: 'query' | 'mutation',
    path: string,
    input?: unknown,
    headers?: Record<string, string>,
  ) => Promise<{
    status: number;
    body: {
      result?: { data: unknown };
      error?: { message: string; data: Record<string, unknown> & { code: string } };
    };
    headers: Headers;
  }>;
};

export async function paymentMerchant(
  t: TestEnv,
  base: string,
  options: { feeBps?: number; signatureThreshold?: number | null; ipnUrl?: string } = {},
): Promise<TestMerchant> {
  const { merchantId } = await createMerchant(t);
  await t.database.db
    .update(merchants)
    .set({
      feeBps: options.feeBps ?? 0,
      signatureThreshold: options.signatureThreshold ?? null,
      ...(options.ipnUrl ? { ipnUrl: options.ipnUrl } : {}),
    })
    .where(eq(merchants.id, merchantId));
  const { ipnUrl } = options;
  if (ipnUrl) {
    await t.database.db.transaction((tx) => syncPrimaryEndpoints({ tx, merchantId, ipnUrl }));
  }
  const { secret } = await issueApiKey(t, { merchantId });
  const identity = identityFor(t);
  await identity.merchants.invalidate(merchantId);
  const webhook = await t.database.db.transaction((tx) =>
    issueMerchantCredential({
      tx,
      actor: SYSTEM,
      masterKey: identity.config.masterKey,
      merchantId,
      kind: 'webhook_secret',
      mode: 'test',
      graceSeconds: 0,
    }),
  );
  return { ...(await signMerchantJwtFor(base, merchantId, secret)), webhookSecret: webhook.secret };
}

/** A merchant API caller with a given API key (e.g. one issued through the portal). */
export async function signMerchantJwtFor(
  base: string,
  merchantId: string,
  secret: string,
): Promise<Omit<TestMerchant, 'webhookSecret'>> {
  const browser = new Browser(base);
  const jwt = () => signMerchantJwt({ secret, merchantId });
  return {
    merchantId,
    apiKey: secret,
    jwt,
    async call(type, path, input, headers = {}) {
      const result = await browser.call(type, path, input, {
        authorization: `Bearer ${await jwt()}`,
        ...headers,
      });
      return result as Awaited<ReturnType<TestMerchant['call']>>;
    },
  };
}

export type TestShopper = { userId: string; email: string; browser: Browser; walletId: string };

/** A verified, logged-in shopper whose test-mode wallet holds `funds`. */
export async function paymentShopper(
  t: TestEnv,
  server: PaymentServer,
  funds: number,
  currency = 'EUR',
  /** Where the shopper's browser talks to (default: the test server). */
  base = server.base,
): Promise<TestShopper> {
  const identity = identityFor(t);
  const email = uniqueEmail('shopper');
  await signUp({
    db: t.database.db,
    mailer: identity.mailer,
    scrypt: identity.config.scrypt,
    publicUrl: identity.config.publicUrl,
    email,
    password: PASSWORD,
  });
  const [user] = await t.database.db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error('shopper not created');
  await t.database.db
    .update(users)
    .set({ emailVerifiedAt: new Date() })
    .where(eq(users.id, user.id));
  const walletId = await server.services.accounts.wallet(user.id, currency, 'test');
  if (funds > 0) {
    const clearing = await server.services.accounts.providerClearing('sandbox', currency, 'test');
    await createTransfer({
      writer: server.writer,
      idempotencyKey: `fund:${walletId}`,
      debitAccountId: clearing,
      creditAccountId: walletId,
      amount: funds,
      currency,
      kind: 'deposit',
    });
  }
  const browser = new Browser(base);
  const login = await browser.mutation('account.logIn', { email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`shopper login failed: ${JSON.stringify(login.body)}`);
  return { userId: user.id, email, browser, walletId };
}

export async function balanceOf(t: TestEnv, accountId: string): Promise<number> {
  return (await getBalance({ db: t.database.db, accountId })).balance;
}

export function orderInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reference: `ref-${Math.random().toString(36).slice(2, 12)}`,
    amount: 2_500,
    currency: 'EUR',
    description: 'Two coffees',
    returnUrl: 'https://shop.example/return',
    cancelUrl: 'https://shop.example/cart',
    ...overrides,
  };
}

/**
 * The platform's IPN worker as its 1 s job runs it, only faster (every 20 ms), for tests whose
 * merchant endpoints listen on 127.0.0.1. `stop` ends the loop after its current round.
 */
export function startIpnPump(t: TestEnv): { stop(): Promise<void> } {
  const options = {
    db: t.database.db,
    masterKey: identityFor(t).config.masterKey,
    logger: t.logger,
    redis: t.redis,
    timeoutMs: 2_000,
    concurrency: 4,
    baseDelayMs: 20,
    maxDelayMs: 200,
    // The merchant endpoints listen on 127.0.0.1, which IPNs refuse unless allowed.
    allowPrivateNetworks: true,
  };
  let pumping = true;
  const loop = (async () => {
    while (pumping) {
      await deliverDueIpns(options);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    async stop() {
      pumping = false;
      await loop;
    },
  };
}

/** A tRPC call's result data, or a thrown error showing the error body. */
export function resultData<T>(res: { body: { result?: { data: unknown } } }): T {
  if (!res.body.result) throw new Error(`no result: ${JSON.stringify(res.body)}`);
  return res.body.result.data as T;
}

/** Polls `what` until `ok` holds (or throws after `ms`), for outcomes that land asynchronously. */
export async function waitUntil<T>(
  what: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types a test card on the sandbox provider's payment page, as a browser would post it. */
export async function submitSandboxCard(redirectUrl: string, card: string): Promise<Response> {
  return fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number: card, expiry: '12/34', cvc: '123', name: 'Ada Lovelace' }),
    redirect: 'manual',
  });
}
