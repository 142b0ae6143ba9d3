import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import { ORDERS_EXPORT_PATH } from '../routers/orders-export-route.js';
import { useTestEnv } from '../test/harness.js';
import {
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  startPaymentServer,
} from '../test/payments.js';

const t = useTestEnv(PAYMENT_TEST_ENV);
let server: PaymentServer;
let anchors: Set<string>;
const DOCS = 'http://ducat.test/docs/errors';

beforeAll(async () => {
  server = await startPaymentServer(t());
  const html = await (await fetch(`${server.base}/docs/errors`)).text();
  anchors = new Set([...html.matchAll(/<section id="([a-z0-9_]+)"/g)].map((m) => m[1] ?? ''));
});

afterAll(async () => {
  await server.stop();
});

type Body = {
  error?: { code?: string; docUrl?: string; data?: { code?: string; docUrl?: string } };
};

/** The code and docUrl of a refusal, over REST (`error`) or tRPC (`error.data`). */
async function refusal(res: Response): Promise<{ code?: string; docUrl?: string }> {
  const body = (await res.json()) as Body;
  return body.error?.data ?? body.error ?? {};
}

describe('every API error links to its section of the error reference', () => {
  it('the reference the server serves has a section for every code', () => {
    expect([...anchors].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('refusals from procedures, REST routes and the HTTP layer all carry a docUrl to an existing anchor', async () => {
    const shop = await paymentMerchant(t(), server.base);
    const auth = { authorization: `Bearer ${await shop.jwt()}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const answers: [string, Response][] = [
      // A procedure refusing bad input (REST and tRPC), a domain error, an unauthenticated call.
      [
        'REST validation',
        await fetch(`${server.base}/v1/settings`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ brandColor: 'red' }),
        }),
      ],
      [
        'tRPC validation',
        await fetch(`${server.base}/trpc/orders.create`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ amount: -1 }),
        }),
      ],
      [
        'not found',
        await fetch(`${server.base}/v1/orders/ord_1111111111111111111111`, { headers: auth }),
      ],
      ['no JWT', await fetch(`${server.base}/v1/balance`)],
      // Written by the HTTP layer itself, outside any procedure.
      [
        'not JSON',
        await fetch(`${server.base}/trpc/orders.create`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'text/plain' },
          body: 'x',
        }),
      ],
      ['no route', await fetch(`${server.base}/no/such/route`)],
      // The portal's CSV export without a staff session.
      ['orders export', await fetch(`${server.base}${ORDERS_EXPORT_PATH}`)],
    ];
    for (const [what, res] of answers) {
      expect(res.status, what).toBeGreaterThanOrEqual(400);
      const { code, docUrl } = await refusal(res);
      expect(docUrl, what).toBe(`${DOCS}#${code}`);
      expect(anchors.has(String(code)), `${what}: ${code}`).toBe(true);
    }
  });
});
