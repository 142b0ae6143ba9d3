import { and, eq, isNull } from 'drizzle-orm';
import type { IdentityServices } from '../auth/identity-services.js';
import type { Database } from '../db/client.js';
import { merchantCredentials, merchants, users } from '../db/schema/index.js';
import {
  createTransfer,
  type LedgerWriter,
  openAccount,
  openSystemAccount,
} from '../domains/ledger/index.js';
import { applyMerchant } from '../domains/merchants/apply-merchant.js';
import { changeMerchantStatus } from '../domains/merchants/change-merchant-status.js';
import { issueMerchantCredential } from '../domains/merchants/issue-merchant-credential.js';
import { ensureBootstrapAdmin } from '../domains/staff/ensure-bootstrap-admin.js';
import { signUp } from '../domains/users/sign-up.js';

/** Development-only credentials of the demo. Never used outside NODE_ENV=development/test. */
export const DEMO = {
  currency: 'EUR',
  admin: { email: 'admin@ducat.local', password: 'ducat-admin-demo' },
  merchant: {
    businessName: 'Demo Store',
    website: 'http://localhost:3002',
    contactEmail: 'store@demo.ducat.local',
    owner: { email: 'owner@demo.ducat.local', password: 'ducat-owner-demo' },
  },
  shoppers: [
    {
      email: 'alice@demo.ducat.local',
      name: 'Alice',
      password: 'ducat-shopper-demo',
      funds: 50_000,
    },
    { email: 'bob@demo.ducat.local', name: 'Bob', password: 'ducat-shopper-demo', funds: 20_000 },
  ],
} as const;

export type DemoSummary = {
  admin: 'created' | 'exists' | 'not_configured';
  merchantId: string;
  /** Present only on the run that created them: secrets are shown once. */
  newCredentials: { apiKey: string; webhookSecret: string } | null;
  shoppers: { email: string; userId: string; walletId: string; balance: number }[];
};

const SEED_ACTOR = { type: 'system' as const, id: 'demo-seed' };

/**
 * Seeds the demo: a platform admin, an active merchant with test-mode keys, two verified shoppers
 * with funded wallets (deposits from the sandbox provider's clearing account) and the platform's
 * system accounts. Idempotent: a second run finds everything and changes nothing.
 */
export async function seedDemo(options: {
  database: Database;
  identity: IdentityServices;
  writer: LedgerWriter;
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  /** The example store's origin (its return, IPN and widget origin); default the dev store's. */
  storeUrl?: string | undefined;
}): Promise<DemoSummary> {
  const { database, identity, writer } = options;
  const store = (options.storeUrl ?? DEMO.merchant.website).replace(/\/$/, '');
  const { db } = database;
  const { config } = identity;

  const admin = await ensureBootstrapAdmin({
    db,
    scrypt: config.scrypt,
    email: options.adminEmail ?? DEMO.admin.email,
    password: options.adminPassword ?? DEMO.admin.password,
  });

  for (const kind of ['payout_clearing', 'platform_fees', 'suspense'] as const) {
    await openSystemAccount({ db, kind, currency: DEMO.currency });
  }
  const sandbox = await openSystemAccount({
    db,
    kind: 'provider_clearing',
    provider: 'sandbox',
    currency: DEMO.currency,
  });

  let [merchant] = await db
    .select({ id: merchants.id, status: merchants.status })
    .from(merchants)
    .where(eq(merchants.contactEmail, DEMO.merchant.contactEmail))
    .limit(1);
  if (!merchant) {
    const { merchantId } = await applyMerchant({
      db,
      scrypt: config.scrypt,
      application: {
        businessName: DEMO.merchant.businessName,
        website: store,
        contactEmail: DEMO.merchant.contactEmail,
        callbackUrl: `${store}/checkout/return`,
        ipnUrl: `${store}/api/ducat/ipn`,
        allowedOrigins: [store],
        owner: { ...DEMO.merchant.owner, name: 'Demo Owner' },
      },
    });
    merchant = { id: merchantId, status: 'pending' };
  }
  const merchantId = merchant.id;
  if (merchant.status === 'pending') {
    await db.transaction((tx) =>
      changeMerchantStatus({ tx, actor: SEED_ACTOR, merchantId, status: 'active', reason: 'demo' }),
    );
  }
  await openAccount({
    db,
    ownerType: 'merchant',
    ownerId: merchantId,
    kind: 'merchant_balance',
    currency: DEMO.currency,
    mode: 'test',
  });

  const existingKeys = await db
    .select({ id: merchantCredentials.id })
    .from(merchantCredentials)
    .where(
      and(eq(merchantCredentials.merchantId, merchantId), isNull(merchantCredentials.revokedAt)),
    );
  let newCredentials: DemoSummary['newCredentials'] = null;
  if (existingKeys.length === 0) {
    newCredentials = await db.transaction(async (tx) => {
      const issue = (kind: 'api_key' | 'webhook_secret') =>
        issueMerchantCredential({
          tx,
          actor: SEED_ACTOR,
          masterKey: config.masterKey,
          merchantId,
          kind,
          mode: 'test',
          graceSeconds: config.keyRotationGraceSeconds,
        });
      const apiKey = await issue('api_key');
      const webhook = await issue('webhook_secret');
      return { apiKey: apiKey.secret, webhookSecret: webhook.secret };
    });
  }

  const shoppers: DemoSummary['shoppers'] = [];
  for (const shopper of DEMO.shoppers) {
    let [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, shopper.email));
    if (!user) {
      await signUp({
        db,
        mailer: identity.mailer,
        scrypt: config.scrypt,
        publicUrl: config.publicUrl,
        email: shopper.email,
        password: shopper.password,
        name: shopper.name,
      });
      [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, shopper.email));
      if (!user) throw new Error(`demo shopper ${shopper.email} was not created`);
      // The demo skips the mailbox round trip: its shoppers start verified.
      await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
    }
    const wallet = await openAccount({
      db,
      ownerType: 'shopper',
      ownerId: user.id,
      kind: 'shopper_wallet',
      currency: DEMO.currency,
      mode: 'test',
    });
    // The key makes the funding happen once, however often the seed runs.
    await createTransfer({
      writer,
      idempotencyKey: `demo:fund:${wallet.id}`,
      debitAccountId: sandbox.id,
      creditAccountId: wallet.id,
      amount: shopper.funds,
      currency: DEMO.currency,
      kind: 'deposit',
      reference: 'demo seed',
    });
    shoppers.push({
      email: shopper.email,
      userId: user.id,
      walletId: wallet.id,
      balance: shopper.funds,
    });
  }
  return { admin, merchantId, newCredentials, shoppers };
}
