import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { useTestEnv } from './test/harness.js';
import { Browser } from './test/identity.js';

const t = useTestEnv({ SCRYPT_COST: '1024' });

describe('app wiring', () => {
  it('creates the first admin from configuration on start; the admin can log in over HTTP', async () => {
    const env = {
      ...t().env,
      BOOTSTRAP_ADMIN_EMAIL: 'Root@Ducat.example',
      BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap-password-123',
    };
    const app = createApp({ env, logger: t().logger });
    const address = await app.start();
    try {
      const browser = new Browser(`http://127.0.0.1:${address.port}`);
      const login = await browser.mutation('admin.logIn', {
        email: 'root@ducat.example',
        password: 'bootstrap-password-123',
      });
      expect(login.status).toBe(200);
      const me = await browser.query('admin.me');
      expect(me.body.result?.data).toMatchObject({
        email: 'root@ducat.example',
        role: 'admin',
        merchantId: null,
      });
      expect(t().logLines.some((l) => l.msg === 'first platform admin created')).toBe(true);
    } finally {
      await app.stop();
    }
  });

  it('starts the sandbox provider with the server, reachable through the registry, and stops it', async () => {
    const app = createApp({ env: t().env, logger: t().logger });
    await app.start();
    const sandboxUrl = app.sandbox?.url ?? '';
    try {
      expect((await fetch(`${sandboxUrl}/health`)).status).toBe(200);
      const adapter = app.providers.get('sandbox');
      const created = await adapter?.createPayment({
        paymentId: 'pp_app',
        amount: 100,
        currency: 'EUR',
        mode: 'test',
        returnUrl: 'https://shop.example/back',
        notifyUrl: 'https://ducat.example/providers/sandbox/notify',
      });
      expect(created?.redirectUrl).toBe(`${sandboxUrl}/pay/${created?.providerRef}`);
    } finally {
      await app.stop();
    }
    await expect(fetch(`${sandboxUrl}/health`)).rejects.toThrow();
  });

  it('has no sandbox when it is disabled', () => {
    const app = createApp({
      env: { ...t().env, SANDBOX_PROVIDER_ENABLED: false },
      logger: t().logger,
    });
    expect(app.sandbox).toBeUndefined();
    expect(app.providers.size).toBe(0);
  });
});
