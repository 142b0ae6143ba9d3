import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import {
  armSandboxFault,
  CARDS,
  exclusively,
  expireOrderNow,
  ipnTypesOf,
} from '../../../e2e/platform';
import { E2E_DEMO_KEYS_FILE, E2E_URLS } from '../../../e2e/ports';
import { recordMailedTokens, recordSecret } from '../../../e2e/secrets';

export { armSandboxFault, CARDS, expireOrderNow, ipnTypesOf };

/** The store's return page answers 204 here: the checkout's last screen stays to be looked at. */
export async function holdOnOutcome(page: Page): Promise<void> {
  await page.route(`${E2E_URLS.store}/checkout/return**`, (route) =>
    route.fulfill({ status: 204, body: '' }),
  );
}

/** Shared steps of the checkout browser tests (not a spec: Playwright only runs *.spec.ts). */

export const PASSWORD = 'correct horse battery staple';
export const DEMO = {
  alice: { email: 'alice@demo.ducat.local', password: 'ducat-shopper-demo' },
  bob: { email: 'bob@demo.ducat.local', password: 'ducat-shopper-demo' },
};

for (const password of [PASSWORD, DEMO.alice.password, 'ducat-admin-demo']) {
  recordSecret('password', password);
}

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
  options: { product?: string; mode: 'redirect' | 'widget'; storeUrl?: string },
): Promise<void> {
  await page.goto(options.storeUrl ?? E2E_URLS.store);
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
  recordSecret('checkout token', token);
  const orderText = await page.getByText(/^Order ord_/).textContent();
  const orderId = orderText?.replace(/^Order /, '').trim() ?? '';
  expect(orderId).toMatch(/^ord_/);
  return { token, orderId };
}

/**
 * The newest mail to `to` with this subject, from the development mailbox (which the API answers
 * only on this machine, newest first).
 */
export async function lastMail(
  to: string,
  subject: string,
): Promise<{ subject: string; text: string }> {
  let mail: { subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        const input = encodeURIComponent(JSON.stringify({ to }));
        const response = await fetch(`${E2E_URLS.api}/trpc/dev.mailbox?input=${input}`);
        const body = (await response.json()) as {
          result?: { data: { subject: string; text: string }[] };
        };
        mail = body.result?.data.find((m) => m.subject === subject);
        return mail !== undefined;
      },
      { timeout: 15_000, message: `"${subject}" reaches ${to}` },
    )
    .toBe(true);
  if (!mail) throw new Error('no mail');
  recordMailedTokens(mail.text);
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

/** Signs up on the checkout app's own sign-up page and lands in the wallet. */
export async function signUp(page: Page, email: string, name?: string): Promise<void> {
  await page.goto('/signup');
  if (name) await page.getByLabel('Name (optional)').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL('**/wallet');
  await expect(page.getByRole('heading', { name: 'Your wallet' })).toBeVisible();
}

/**
 * Buys at the store (hosted checkout), chooses "Pay by card" and types `card` on the provider's
 * page; answers once the provider has sent the browser back to the checkout.
 */
export async function buyByCard(page: Page, card: string): Promise<{ orderId: string }> {
  await buyAtStore(page, { mode: 'redirect' });
  const { orderId } = await onCheckoutPage(page);
  await payByCardOnCheckout(page);
  await typeSandboxCard(page, card);
  await page.waitForURL(/\/pay\/[^?]+\?providerRef=/);
  return { orderId };
}

/** On an open checkout: the Card tab, then its pay button (the provider's page opens). */
export async function payByCardOnCheckout(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Card' }).click();
  await page.getByRole('button', { name: 'Pay by card' }).click();
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

type Trpc<T> = { result?: { data: T }; error?: { message: string; data: { code: string } } };

/** Calls the API as the demo platform admin (staff session cookie and CSRF token). */
async function asAdmin(): Promise<<T>(path: string, input?: unknown) => Promise<T>> {
  const login = await fetch(`${E2E_URLS.api}/trpc/admin.logIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@ducat.local', password: 'ducat-admin-demo' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const session = (await login.json()) as Trpc<{ csrfToken: string }>;
  const csrfToken = session.result?.data.csrfToken ?? '';
  for (const pair of cookie.split('; ')) recordSecret('admin session', pair.split('=')[1]);
  recordSecret('csrf token', csrfToken);
  return async <T>(path: string, input?: unknown): Promise<T> => {
    const response =
      input === undefined
        ? await fetch(`${E2E_URLS.api}/trpc/${path}`, { headers: { cookie } })
        : await fetch(`${E2E_URLS.api}/trpc/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
            body: JSON.stringify(input),
          });
    const body = (await response.json()) as Trpc<T>;
    if (!body.result) throw new Error(`${path}: ${body.error?.data.code} ${body.error?.message}`);
    return body.result.data;
  };
}

/**
 * Puts a shopper on the platform's risk block-list (as the admin would in the portal): their next
 * payment is refused by the risk check. Retries when another publication got in between.
 */
export async function blockShopper(userId: string): Promise<void> {
  // The portal's risk-rules test counts versions: never publish in the middle of it.
  await exclusively('risk-rules', () => publishBlock(userId));
}

async function publishBlock(userId: string): Promise<void> {
  const call = await asAdmin();
  for (let attempt = 0; ; attempt++) {
    const live = await call<{ version: number; ruleSet: { lists: unknown[] } }>(
      'admin.risk.rules.get',
    );
    try {
      await call('admin.risk.rules.publish', {
        baseVersion: live.version,
        ruleSet: {
          ...live.ruleSet,
          lists: [
            ...live.ruleSet.lists,
            { list: 'block', kind: 'shopper', value: userId, reason: 'e2e_blocked_shopper' },
          ],
        },
        note: 'browser test: a blocked shopper',
      });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Lets the demo merchant's widget be framed by one more origin (the merchant's own setting,
 * changed through the API as the platform admin), keeping the origins it had.
 */
export async function allowWidgetOrigin(origin: string): Promise<void> {
  const { merchantId } = JSON.parse(readFileSync(E2E_DEMO_KEYS_FILE, 'utf8')) as {
    merchantId: string;
  };
  const call = await asAdmin();
  const merchant = await call<{ allowedOrigins: string[] }>(
    `merchant.get?input=${encodeURIComponent(JSON.stringify({ merchantId }))}`,
  );
  if (merchant.allowedOrigins.includes(origin)) return;
  await call('merchant.update', {
    merchantId,
    allowedOrigins: [...merchant.allowedOrigins, origin],
  });
}
