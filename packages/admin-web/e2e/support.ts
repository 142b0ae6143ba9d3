/**
 * What the portal's browser tests share: API calls as a given staff member or shopper (through
 * real procedures only), staff created by the demo admin, orders made with the merchant SDK, a
 * provider payment started as a guest, and sign-in through the UI.
 */
import { randomBytes } from 'node:crypto';
import { Ducat } from '@ducat/sdk';
import { type APIRequestContext, expect, type Page, request } from '@playwright/test';
import { E2E_URLS } from '../../../e2e/ports';
import { recordCookies, recordSecret } from '../../../e2e/secrets';

// Shared with the checkout app's tests (an order's time run out, the sandbox's cards).
export { CARDS, demoKeys, expireOrderNow } from '../../../e2e/platform';

export const DEMO = {
  admin: { email: 'admin@ducat.local', password: 'ducat-admin-demo' },
  owner: { email: 'owner@demo.ducat.local', password: 'ducat-owner-demo' },
  alice: { email: 'alice@demo.ducat.local', password: 'ducat-shopper-demo' },
} as const;

export const PASSWORD = 'e2e-password-1234';
for (const password of [PASSWORD, ...Object.values(DEMO).map((d) => d.password)]) {
  recordSecret('password', password);
}

/** A unique suffix, so tests never collide with each other or with earlier runs' data. */
export const unique = () => randomBytes(4).toString('hex');

type TrpcBody = {
  result?: { data: unknown };
  error?: { message: string; data?: { code?: string; httpStatus?: number } };
};

/** A tRPC caller over HTTP with its own cookie jar: a staff member (through the portal's proxy) or a shopper. */
export class ApiSession {
  csrfToken = '';
  private constructor(readonly http: APIRequestContext) {}

  static async staff(email: string, password: string): Promise<ApiSession> {
    const session = new ApiSession(await request.newContext({ baseURL: E2E_URLS.admin }));
    const { csrfToken } = await session.ok<{ csrfToken: string }>('mutation', 'admin.logIn', {
      email,
      password,
    });
    session.csrfToken = csrfToken;
    return session;
  }

  static async shopper(email: string, password: string): Promise<ApiSession> {
    const session = new ApiSession(await request.newContext({ baseURL: E2E_URLS.api }));
    const { csrfToken } = await session.ok<{ csrfToken: string }>('mutation', 'account.logIn', {
      email,
      password,
    });
    session.csrfToken = csrfToken;
    return session;
  }

  static async anonymous(baseURL: string = E2E_URLS.api): Promise<ApiSession> {
    return new ApiSession(await request.newContext({ baseURL }));
  }

  async call(
    type: 'query' | 'mutation',
    path: string,
    input?: unknown,
  ): Promise<{ status: number; body: TrpcBody }> {
    const response =
      type === 'query'
        ? await this.http.get(
            `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          )
        : await this.http.post(`/trpc/${path}`, {
            data: input ?? {},
            headers: this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {},
          });
    return { status: response.status(), body: (await response.json()) as TrpcBody };
  }

  async ok<T>(type: 'query' | 'mutation', path: string, input?: unknown): Promise<T> {
    const { status, body } = await this.call(type, path, input);
    expect(status, `${path}: ${JSON.stringify(body.error ?? body)}`).toBe(200);
    return body.result?.data as T;
  }

  async dispose(): Promise<void> {
    recordCookies((await this.http.storageState()).cookies);
    recordSecret('csrf token', this.csrfToken);
    return this.http.dispose();
  }
}

/** A new platform staff member of a role, created by the demo admin through admin.staff.create. */
export async function createPlatformStaff(
  role: 'admin' | 'support' | 'finance',
): Promise<{ email: string; password: string; id: string }> {
  const admin = await ApiSession.staff(DEMO.admin.email, DEMO.admin.password);
  const email = `${role}-${unique()}@e2e.ducat.local`;
  const created = await admin.ok<{ id: string }>('mutation', 'admin.staff.create', {
    email,
    password: PASSWORD,
    name: `E2E ${role}`,
    role,
  });
  await admin.dispose();
  return { email, password: PASSWORD, id: created.id };
}

/** An order made by a merchant's server with the published SDK (test mode keys). */
export async function createOrder(
  keys: { merchantId: string; apiKey: string },
  amount: number,
): Promise<{ orderId: string; token: string; url: string }> {
  const ducat = new Ducat({
    merchantId: keys.merchantId,
    merchantKey: keys.apiKey,
    baseUrl: E2E_URLS.api,
  });
  const reference = `e2e-${unique()}`;
  const { order, checkout } = await ducat.orders.create({
    reference,
    amount,
    currency: 'EUR',
    description: 'E2E order',
    returnUrl: `${E2E_URLS.store}/checkout/return`,
    cancelUrl: `${E2E_URLS.store}/`,
  });
  recordSecret('checkout token', checkout.token);
  return { orderId: order.id, token: checkout.token, url: checkout.url };
}

/** Starts a provider payment as a guest; answers the sandbox's card page. */
export async function startProviderPayment(token: string): Promise<{ redirectUrl: string }> {
  const guest = await ApiSession.anonymous();
  const started = await guest.ok<{ redirectUrl: string }>('mutation', 'checkout.payWithProvider', {
    token,
    provider: 'sandbox',
  });
  await guest.dispose();
  return started;
}

/** Submits the sandbox's card form, as a shopper's browser would. */
export async function submitSandboxCard(redirectUrl: string, card: string): Promise<void> {
  const response = await fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ number: card, expiry: '12/34', cvc: '123', name: 'Alice Demo' }),
    redirect: 'manual',
  });
  expect(response.status).toBe(303);
}

/** Signs in through the portal's one sign-in page and waits for the area the role lands in. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(admin|merchant)(\/|$)/, { timeout: 30_000 });
}
