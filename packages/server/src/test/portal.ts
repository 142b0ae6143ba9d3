import { expect } from 'vitest';
import type { StaffRole } from '../db/schema/index.js';
import { createProviderRegistry } from '../domains/providers/registry.js';
import { createSandboxProvider, type SandboxProvider } from '../sandbox/create-sandbox-provider.js';
import type { TestEnv } from './harness.js';
import { Browser, type CallResult, createStaff, PASSWORD } from './identity.js';
import { type PaymentServer, startPaymentServer } from './payments.js';

/** What the portal tests read of an answer (a staff browser's or a merchant's call). */
export type Answer = Pick<CallResult, 'status'> & {
  body: { result?: { data: unknown }; error?: { data: { code: string } } };
};

/** The answer's data, after checking it succeeded. */
export function ok<T>(res: Answer): T {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.result?.data as T;
}

/** The refusal's stable code. */
export function refusalOf(res: Answer): string | undefined {
  return res.body.error?.data.code;
}

/** A browser signed in to the portal as this staff user. */
export async function signInAs(base: string, email: string): Promise<Browser> {
  const browser = new Browser(base);
  const login = await browser.mutation('admin.logIn', { email, password: PASSWORD });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  return browser;
}

/** A new staff user of this role (of this merchant, for merchant roles), signed in. */
export async function signInStaff(
  t: TestEnv,
  base: string,
  role: StaffRole,
  merchantId?: string,
): Promise<Browser> {
  const staff = await createStaff(t, { role, ...(merchantId ? { merchantId } : {}) });
  return signInAs(base, staff.email);
}

/** A payment server whose `sandbox` provider is a real sandbox on its own port. */
export async function startSandboxPaymentServer(
  t: TestEnv,
): Promise<{ server: PaymentServer; sandbox: SandboxProvider; stop(): Promise<void> }> {
  const secret = 'portal-sandbox-secret';
  const sandbox = createSandboxProvider({ secret, logger: t.logger, lateDelayMs: 1_000 });
  await sandbox.listen(0, '127.0.0.1');
  const server = await startPaymentServer(t, {
    providers: createProviderRegistry({ sandbox: { baseUrl: () => sandbox.url, secret } }),
  });
  // The sandbox notifies this server's own address.
  server.services.config.apiUrl = server.base;
  return {
    server,
    sandbox,
    async stop() {
      await sandbox.close();
      await server.stop();
    },
  };
}
