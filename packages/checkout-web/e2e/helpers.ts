import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { E2E, E2E_URLS } from '../../../e2e/ports';

/** Shared steps of the checkout browser tests (not a spec: Playwright only runs *.spec.ts). */

export const PASSWORD = 'correct horse battery staple';
export const DEMO = {
  alice: { email: 'alice@demo.ducat.local', password: 'ducat-shopper-demo' },
  bob: { email: 'bob@demo.ducat.local', password: 'ducat-shopper-demo' },
};

export const CARDS = {
  success: '4242424242424242',
  decline: '4000000000000002',
  late: '4000000000000028',
};

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@shoppers.test`;
}

type StoreOrder = {
  id: string;
  ducatOrderId: string | null;
  ducatStatus: string | null;
  paidAt: string | null;
  returnVerified: boolean;
};
type StoreEvent = { id: string; type: string; orderId: string; duplicate: boolean };

/** What the example store knows (its orders and the IPNs it received), from its JSON endpoint. */
export async function storeState(): Promise<{ orders: StoreOrder[]; events: StoreEvent[] }> {
  const response = await fetch(`${E2E_URLS.store}/api/orders`);
  expect(response.ok).toBe(true);
  return (await response.json()) as { orders: StoreOrder[]; events: StoreEvent[] };
}

/** The store's record of a Ducat order, once its IPN has reached the expected status. */
export async function expectStoreIpn(ducatOrderId: string, status: string): Promise<StoreOrder> {
  let found: StoreOrder | undefined;
  await expect
    .poll(
      async () => {
        found = (await storeState()).orders.find((o) => o.ducatOrderId === ducatOrderId);
        return found?.ducatStatus;
      },
      { timeout: 30_000, message: `the store receives the ${status} IPN` },
    )
    .toBe(status);
  if (!found) throw new Error('no store order');
  return found;
}

/** Clicks a product's buy button on the example store (hosted checkout or embedded widget). */
export async function buyAtStore(
  page: Page,
  options: { product?: string; mode: 'redirect' | 'widget' },
): Promise<void> {
  await page.goto(E2E_URLS.store);
  const product = page.locator('section.product', {
    has: page.getByRole('heading', { name: options.product ?? 'Ducat mug' }),
  });
  await product
    .getByRole('button', {
      name: options.mode === 'redirect' ? 'Buy (hosted checkout)' : 'Buy (embedded checkout)',
    })
    .click();
}

/** The checkout page the store sent the browser to: its token and Ducat order id. */
export async function onCheckoutPage(page: Page): Promise<{ token: string; orderId: string }> {
  await page.waitForURL(/\/pay\/[^/?#]+/, { timeout: 30_000 });
  const token = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
  const orderText = await page.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';
  expect(orderId).toMatch(/^ord_/);
  return { token, orderId };
}

/** The newest mail to `to` from the development mailbox (the API answers this machine only). */
export async function lastMail(to: string): Promise<{ subject: string; text: string }> {
  let mail: { subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        const input = encodeURIComponent(JSON.stringify({ to }));
        const response = await fetch(`${E2E_URLS.api}/trpc/dev.mailbox?input=${input}`);
        const body = (await response.json()) as {
          result?: { data: { subject: string; text: string }[] };
        };
        mail = body.result?.data.at(-1);
        return mail !== undefined;
      },
      { timeout: 15_000, message: `a mail reaches ${to}` },
    )
    .toBe(true);
  if (!mail) throw new Error('no mail');
  return mail;
}

/** Types a sandbox test card on the provider's page and submits it. */
export async function typeSandboxCard(page: Page, number: string): Promise<void> {
  await page.waitForURL(`${E2E_URLS.sandbox}/**`, { timeout: 30_000 });
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card').fill('Ada Lovelace');
  await page.locator('form button[type="submit"]').click();
}

/** Signs in on the checkout app's own sign-in page. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/wallet');
}

/** The signed-in shopper's available test EUR balance, in minor units (through the app's proxy). */
export async function walletAvailable(page: Page, currency = 'EUR'): Promise<number> {
  const response = await page.request.get('/trpc/wallet.balance');
  const body = (await response.json()) as {
    result: { data: { currency: string; mode: string; available: number }[] };
  };
  return body.result.data.find((b) => b.currency === currency && b.mode === 'test')?.available ?? 0;
}

/**
 * Moves an order's expiry into the past in the stack's database, as if its time had run out
 * (orders may not be created with less than 5 minutes to pay). The platform treats the
 * database as the truth of expiry, so the next look at the order times it out.
 */
export async function expireOrderNow(orderId: string): Promise<void> {
  const root = resolve(import.meta.dirname, '../../..');
  const fromServer = createRequire(resolve(root, 'packages/server/package.json'));
  // mysql2 is the server's dependency, not this app's: the smallest shape used here.
  const mysql = fromServer('mysql2/promise') as {
    createConnection(url: string): Promise<{
      query(sql: string, values: unknown[]): Promise<unknown>;
      end(): Promise<void>;
    }>;
  };
  const dbHost = process.env.E2E_DB_SERVER_URL ?? 'mysql://root@127.0.0.1:3306';
  const connection = await mysql.createConnection(`${dbHost}/${E2E.database}`);
  try {
    await connection.query(
      'UPDATE orders SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE WHERE id = ? AND status = ?',
      [orderId, 'created'],
    );
  } finally {
    await connection.end();
  }
}
