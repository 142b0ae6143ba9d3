import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, orders, outboxEvents, paymentProviders } from '../db/schema/index.js';
import type { SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import { useTestEnv } from './harness.js';
import { Browser } from './identity.js';
import {
  balanceOf,
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  type TestMerchant,
} from './payments.js';
import { ok, refusalOf, signInStaff, startSandboxPaymentServer } from './portal.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let merchant: TestMerchant;
let sandbox: SandboxProvider;
let stopServer: () => Promise<void>;
let admin: Browser;
let support: Browser;

async function newOrder(overrides: Record<string, unknown> = {}) {
  return ok<{
    order: { id: string; expiresAt: string; createdAt: string };
    checkout: { token: string };
  }>(await merchant.call('mutation', 'orders.create', orderInput(overrides)));
}

type Settings = {
  defaultOrderExpirySeconds: number;
  maintenanceWindows: unknown[];
  notificationRecipients: string[];
  version: number;
};

beforeAll(async () => {
  const started = await startSandboxPaymentServer(t());
  server = started.server;
  sandbox = started.sandbox;
  stopServer = started.stop;
  merchant = await paymentMerchant(t(), server.base);
  admin = await signInStaff(t(), server.base, 'admin');
  support = await signInStaff(t(), server.base, 'support');
});

afterAll(async () => {
  await stopServer();
});

describe('platform settings', () => {
  it('the default order expiry applies to orders created without one; each change is audited with an event', async () => {
    const before = ok<Settings>(await support.query('admin.settings.get'));
    expect(before.defaultOrderExpirySeconds).toBe(server.services.config.defaultExpiryMs / 1000);
    expect(
      refusalOf(
        await support.mutation('admin.settings.update', { defaultOrderExpirySeconds: 900 }),
      ),
    ).toBe('forbidden');
    const tooLong = await admin.mutation('admin.settings.update', {
      defaultOrderExpirySeconds: 365 * 86_400,
    });
    expect(refusalOf(tooLong)).toBe('validation_failed');

    const updated = ok<Settings>(
      await admin.mutation('admin.settings.update', {
        baseVersion: before.version,
        defaultOrderExpirySeconds: 900,
        notificationRecipients: ['ops@ducat.test'],
      }),
    );
    expect(updated).toMatchObject({
      defaultOrderExpirySeconds: 900,
      notificationRecipients: ['ops@ducat.test'],
      version: before.version + 1,
    });
    const { order } = await newOrder();
    const seconds = (Date.parse(order.expiresAt) - Date.parse(order.createdAt)) / 1000;
    expect(Math.abs(seconds - 900)).toBeLessThanOrEqual(1);
    const explicit = await newOrder({ expiresInSeconds: 600 });
    expect(
      Math.round(
        (Date.parse(explicit.order.expiresAt) - Date.parse(explicit.order.createdAt)) / 1000,
      ),
    ).toBeLessThanOrEqual(600);

    // An editor that loaded the old version is told to reload instead of undoing the change.
    const stale = await admin.mutation('admin.settings.update', {
      baseVersion: before.version,
      providerNoAnswerMinutes: 5,
    });
    expect(refusalOf(stale)).toBe('settings_stale');

    // Two changes of different fields at once: both apply, one after the other.
    const [a, b] = await Promise.all([
      admin.mutation('admin.settings.update', { providerNoAnswerMinutes: 5 }),
      admin.mutation('admin.settings.update', { defaultOrderExpirySeconds: null }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const after = ok<Settings & { providerNoAnswerMinutes: number }>(
      await support.query('admin.settings.get'),
    );
    expect(after).toMatchObject({
      providerNoAnswerMinutes: 5,
      defaultOrderExpirySeconds: server.services.config.defaultExpiryMs / 1000,
      version: before.version + 3,
    });
    const events = await t()
      .database.db.select()
      .from(outboxEvents)
      .where(eq(outboxEvents.type, 'settings.updated'));
    expect(events).toHaveLength(3);
    const trail = ok<{ items: { action: string; after: unknown }[]; nextCursor: string | null }>(
      await support.query('admin.audit', { action: 'settings.updated', limit: 2 }),
    );
    expect(trail.items).toHaveLength(2);
    expect(trail.nextCursor).not.toBeNull();
    const rest = ok<{ items: unknown[]; nextCursor: string | null }>(
      await support.query('admin.audit', {
        action: 'settings.updated',
        limit: 2,
        cursor: trail.nextCursor,
      }),
    );
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });

  it('during a maintenance window checkout payments answer maintenance and nothing moves', async () => {
    const shopper = await paymentShopper(t(), server, 5_000);
    const { order, checkout } = await newOrder({ amount: 1_000 });
    ok(
      await admin.mutation('admin.settings.update', {
        maintenanceWindows: [
          {
            startsAt: new Date(Date.now() - 60_000).toISOString(),
            endsAt: new Date(Date.now() + 3_600_000).toISOString(),
            message: 'Database upgrade until 05:00 UTC',
          },
        ],
      }),
    );
    const wallet = await shopper.browser.mutation('checkout.payWithWallet', {
      token: checkout.token,
    });
    expect(wallet.status).toBe(503);
    expect(refusalOf(wallet)).toBe('maintenance');
    expect(wallet.body.error).toMatchObject({ message: 'Database upgrade until 05:00 UTC' });
    const guest = new Browser(server.base);
    const provider = await guest.mutation('checkout.payWithProvider', {
      token: checkout.token,
      provider: 'sandbox',
    });
    expect(refusalOf(provider)).toBe('maintenance');
    const [row] = await t().database.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row?.status).toBe('created');
    expect(await balanceOf(t(), shopper.walletId)).toBe(5_000);

    ok(await admin.mutation('admin.settings.update', { maintenanceWindows: null }));
    const paid = await shopper.browser.mutation('checkout.payWithWallet', {
      token: checkout.token,
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  });
});

describe('providers registry', () => {
  type Provider = {
    id: string;
    name: string;
    enabled: boolean;
    available: boolean;
    secretKeys: string[];
    config: Record<string, unknown>;
  };

  it('registers a provider with encrypted secrets that are never returned; names are unique', async () => {
    const listed = ok<Provider[]>(await support.query('admin.providers.list'));
    expect(listed.find((p) => p.name === 'sandbox')).toMatchObject({
      enabled: true,
      available: true,
    });
    const input = {
      name: 'acme-bank',
      displayName: 'ACME Bank',
      kind: 'bank',
      adapter: 'acme',
      config: { baseUrl: 'https://api.acme.example', timeoutMs: 5_000 },
      secrets: { apiKey: 'sk_live_very_secret_value' },
    };
    expect(refusalOf(await support.mutation('admin.providers.create', input))).toBe('forbidden');
    const created = ok<Provider>(await admin.mutation('admin.providers.create', input));
    expect(created).toMatchObject({
      name: 'acme-bank',
      enabled: false,
      available: false,
      secretKeys: ['apiKey'],
      config: { baseUrl: 'https://api.acme.example', timeoutMs: 5_000 },
    });
    expect(JSON.stringify(created)).not.toContain('very_secret');
    const [row] = await t()
      .database.db.select()
      .from(paymentProviders)
      .where(eq(paymentProviders.id, created.id));
    expect(row?.secretsCiphertext).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain('very_secret');
    const audits = await t()
      .database.db.select()
      .from(auditLog)
      .where(eq(auditLog.targetId, created.id));
    expect(JSON.stringify(audits)).not.toContain('very_secret');
    expect(refusalOf(await admin.mutation('admin.providers.create', input))).toBe(
      'provider_name_taken',
    );
    const updated = ok<Provider & { version: number }>(
      await admin.mutation('admin.providers.update', {
        providerId: created.id,
        config: { baseUrl: 'https://api2.acme.example' },
        secrets: { apiKey: 'rotated', webhookSecret: 'whsec' },
      }),
    );
    expect(updated).toMatchObject({ version: 2, secretKeys: ['apiKey', 'webhookSecret'] });
    // Enabled, it still cannot take payments: no adapter for it runs in this process.
    ok(
      await admin.mutation('admin.providers.setEnabled', { providerId: created.id, enabled: true }),
    );
    const { checkout } = await newOrder();
    const attempt = await new Browser(server.base).mutation('checkout.payWithProvider', {
      token: checkout.token,
      provider: 'acme-bank',
    });
    expect(refusalOf(attempt)).toBe('provider_unknown');
  });

  it('a provider registered with its own settings gets an adapter built from them (secret decrypted)', async () => {
    const created = ok<Provider>(
      await admin.mutation('admin.providers.create', {
        name: 'sandbox-eu',
        displayName: 'Sandbox EU',
        kind: 'gateway',
        adapter: 'sandbox',
        config: { baseUrl: sandbox.url },
        secrets: { secret: 'portal-sandbox-secret' },
        enabled: true,
      }),
    );
    expect(created).toMatchObject({ available: true, secretKeys: ['secret'] });
    const { checkout } = await newOrder();
    const started = ok<{ redirectUrl: string; paymentId: string }>(
      await new Browser(server.base).mutation('checkout.payWithProvider', {
        token: checkout.token,
        provider: 'sandbox-eu',
      }),
    );
    expect(started.redirectUrl.startsWith(sandbox.url)).toBe(true);
    expect(server.services.providers.get('sandbox-eu')?.name).toBe('sandbox-eu');
    // Pointed elsewhere, the next payment goes there (the adapter is rebuilt from the new row).
    ok(
      await admin.mutation('admin.providers.update', {
        providerId: created.id,
        config: { baseUrl: 'http://127.0.0.1:1' },
      }),
    );
    const second = await newOrder();
    const down = await new Browser(server.base).mutation('checkout.payWithProvider', {
      token: second.checkout.token,
      provider: 'sandbox-eu',
    });
    // An unreachable provider is a failed attempt (the order stays payable), not a refusal.
    expect(ok(down)).toMatchObject({ redirectUrl: null, failureCode: 'provider_error' });
  });

  it('a disabled provider starts no payment (typed error, nothing changes); enabled again, it does', async () => {
    const providers = ok<Provider[]>(await admin.query('admin.providers.list'));
    const sandboxRow = providers.find((p) => p.name === 'sandbox');
    ok(
      await admin.mutation('admin.providers.setEnabled', {
        providerId: sandboxRow?.id,
        enabled: false,
      }),
    );
    const { order, checkout } = await newOrder();
    const guest = new Browser(server.base);
    const refused = await guest.mutation('checkout.payWithProvider', {
      token: checkout.token,
      provider: 'sandbox',
    });
    expect(refused.status).toBe(409);
    expect(refusalOf(refused)).toBe('provider_disabled');
    const [row] = await t().database.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row?.status).toBe('created');
    expect(
      refusalOf(
        await merchant.call('mutation', 'payouts.create', { amount: 100, currency: 'EUR' }),
      ),
    ).toBe('provider_disabled');
    const audit = await t()
      .database.db.select()
      .from(auditLog)
      .where(
        and(eq(auditLog.targetId, sandboxRow?.id ?? ''), eq(auditLog.action, 'provider.disabled')),
      );
    expect(audit).toHaveLength(1);

    ok(
      await admin.mutation('admin.providers.setEnabled', {
        providerId: sandboxRow?.id,
        enabled: true,
      }),
    );
    const started = ok<{ redirectUrl: string }>(
      await guest.mutation('checkout.payWithProvider', {
        token: checkout.token,
        provider: 'sandbox',
      }),
    );
    expect(started.redirectUrl.startsWith(sandbox.url)).toBe(true);
  });
});

describe('risk rules dry run', () => {
  it('reports how many recent decisions a draft would change, and publishes nothing', async () => {
    const shopper = await paymentShopper(t(), server, 50_000);
    for (const amount of [500, 1_500, 2_500]) {
      const { checkout } = await newOrder({ amount });
      expect(
        (await shopper.browser.mutation('checkout.payWithWallet', { token: checkout.token }))
          .status,
      ).toBe(200);
    }
    const decisions = ok<{ amount: number; decision: string }[]>(
      await support.query('admin.risk.decisions', { limit: 200 }),
    );
    const large = decisions.filter((d) => d.amount > 1_000 && d.decision === 'allow').length;
    expect(large).toBeGreaterThanOrEqual(2);
    const draft = {
      rules: [
        {
          id: 'large_amount',
          feature: 'amount',
          op: 'gt',
          value: 1_000,
          action: 'reject',
          reason: 'large_amount',
        },
      ],
      fallback: { allowUpTo: 1_000, action: 'reject' },
    };
    const before = ok<{ version: number }>(await support.query('admin.risk.rules.get'));
    const report = ok<{
      evaluated: number;
      changed: number;
      transitions: Record<string, number>;
      samples: { from: string; to: string }[];
    }>(await support.mutation('admin.risk.rules.dryRun', { ruleSet: draft, limit: 200 }));
    expect(report.evaluated).toBe(decisions.length);
    expect(report.changed).toBe(large);
    expect(report.transitions).toEqual({ 'allow->reject': large });
    expect(report.samples.every((s) => s.from === 'allow' && s.to === 'reject')).toBe(true);
    expect(ok<{ version: number }>(await support.query('admin.risk.rules.get')).version).toBe(
      before.version,
    );
    const bad = await support.mutation('admin.risk.rules.dryRun', {
      ruleSet: { rules: [{ ...draft.rules[0], feature: 'no_such_feature' }] },
    });
    expect(refusalOf(bad)).toBe('validation_failed');
  });
});
