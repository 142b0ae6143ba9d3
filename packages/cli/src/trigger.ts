import type { Ducat, Order } from '@ducat/sdk';
import type { CliConfig } from './config.js';
import { CliError } from './errors.js';

/** What `ducat trigger` can make happen, and how (on a new test order). */
export const TRIGGERS = {
  'order.checkout_success': 'creates a test order and pays it with the sandbox card',
  'order.cancelled': 'creates a test order and cancels it',
  'order.partially_refunded': 'pays a test order, then refunds part of it',
  'order.refunded': 'pays a test order, then refunds all of it',
  'refund.succeeded': 'pays a test order, then refunds part of it',
} as const;
export type Trigger = keyof typeof TRIGGERS;

export function isTrigger(value: string): value is Trigger {
  return Object.hasOwn(TRIGGERS, value);
}

/** The sandbox provider's test card that always succeeds. */
const SUCCESS_CARD = {
  number: '4242424242424242',
  expiry: '12/34',
  cvc: '123',
  name: 'Ducat CLI',
};

/**
 * Makes real test-mode events flow: a new order (amount 1000 EUR minor units, reference
 * `cli-…`), paid as a guest on the hosted checkout with the sandbox provider, then refunded or
 * cancelled as the trigger needs. Returns the order as it ends.
 */
export async function trigger(options: {
  ducat: Ducat;
  config: CliConfig;
  type: Trigger;
}): Promise<{ order: Order; refundId?: string }> {
  const { ducat, type } = options;
  const { order, checkout } = await ducat.orders.create({
    reference: `cli-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    amount: 1_000,
    currency: 'EUR',
    description: `ducat trigger ${type}`,
    returnUrl: 'https://example.com/return',
    cancelUrl: 'https://example.com/cancel',
  });
  if (type === 'order.cancelled') return { order: await ducat.orders.cancel(order.id) };
  await payAsGuest(options.config.apiUrl, checkout.token);
  const paid = await until(
    () => ducat.orders.get(order.id),
    (o) => o.status !== 'created',
  );
  if (paid.status !== 'checkout_success') {
    throw new CliError(
      `The test payment ended ${paid.status}.`,
      'Is the sandbox provider running and enabled (pnpm dev starts it)?',
      'trigger_failed',
    );
  }
  if (type === 'order.checkout_success') return { order: paid };
  const refund = await ducat.refunds.create({
    orderId: order.id,
    ...(type === 'order.refunded' ? {} : { amount: 400 }),
    reason: `ducat trigger ${type}`,
  });
  return { order: await ducat.orders.get(order.id), refundId: refund.id };
}

async function payAsGuest(apiUrl: string, token: string): Promise<void> {
  const base = apiUrl.replace(/\/?$/, '/');
  const started = await fetch(new URL('trpc/checkout.payWithProvider', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, provider: 'sandbox' }),
  });
  const body = (await started.json()) as {
    result?: { data: { redirectUrl: string | null } };
    error?: { message: string; data?: { code?: string } };
  };
  const redirectUrl = body.result?.data.redirectUrl;
  if (!redirectUrl) {
    throw new CliError(
      `The checkout refused the test payment: ${body.error?.data?.code ?? body.error?.message ?? started.status}.`,
      'Is the sandbox provider configured and enabled on this server?',
      'trigger_failed',
    );
  }
  const submitted = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(SUCCESS_CARD),
    redirect: 'manual',
  });
  if (submitted.status >= 400) {
    throw new CliError(
      `The sandbox provider answered ${submitted.status}.`,
      'Is the sandbox provider running (pnpm dev starts it)?',
      'trigger_failed',
    );
  }
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
