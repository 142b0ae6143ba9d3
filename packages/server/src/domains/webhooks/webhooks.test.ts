import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ipnDeliveries, merchantCredentials, webhookEndpoints } from '../../db/schema/index.js';
import { useTestEnv } from '../../test/harness.js';
import { identityFor } from '../../test/identity.js';
import {
  orderInput,
  PAYMENT_TEST_ENV,
  type PaymentServer,
  paymentMerchant,
  paymentShopper,
  resultData,
  startIpnPump,
  startPaymentServer,
  type TestMerchant,
  waitUntil,
} from '../../test/payments.js';
import { deliverDueIpns } from '../ipn/deliver-due-ipns.js';
import type { IpnBody } from '../ipn/enqueue-ipn.js';
import { verifyIpnSignature } from '../ipn/sign-ipn.js';

const t = useTestEnv(PAYMENT_TEST_ENV);

type Received = { headers: IncomingHttpHeaders; body: string };
type Receiver = { url: string; received: Received[]; status: number; close(): Promise<void> };
const receivers: Receiver[] = [];

/** A merchant's webhook endpoint on an ephemeral port, answering `status` and recording all. */
async function startReceiver(status = 200): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    status,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  receivers.push(receiver);
  return receiver;
}

const typesOf = (r: Receiver) => r.received.map((x) => (JSON.parse(x.body) as IpnBody).type);
const verifies = (x: Received, secret: string) =>
  verifyIpnSignature({
    header: x.headers['ducat-signature'] as string | undefined,
    body: x.body,
    secrets: [secret],
  }).ok;

type Endpoint = { id: string; url: string; enabledEvents: string[]; primary: boolean };

async function createEndpoint(m: TestMerchant, input: Record<string, unknown>) {
  const res = await m.call('mutation', 'webhookEndpoints.create', input);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return resultData<{ endpoint: Endpoint; secret: string }>(res);
}

let server: PaymentServer;

beforeAll(async () => {
  server = await startPaymentServer(t());
});
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await server.stop();
});

/** A paid wallet order, then a partial refund: order.checkout_success, partially_refunded, refund.succeeded. */
async function payAndRefund(m: TestMerchant): Promise<{ orderId: string; refundId: string }> {
  const shopper = await paymentShopper(t(), server, 5_000);
  const created = resultData<{ order: { id: string }; checkout: { token: string } }>(
    await m.call('mutation', 'orders.create', orderInput({ amount: 3_000 })),
  );
  const paid = await shopper.browser.mutation('checkout.payWithWallet', {
    token: created.checkout.token,
  });
  expect(paid.status, JSON.stringify(paid.body)).toBe(200);
  const refund = resultData<{ id: string }>(
    await m.call('mutation', 'refunds.create', { orderId: created.order.id, amount: 1_000 }),
  );
  return { orderId: created.order.id, refundId: refund.id };
}

describe('webhook endpoints', () => {
  it('sends each endpoint only the event types it subscribed to, each signed with its own secret only', async () => {
    const primary = await startReceiver();
    const orders = await startReceiver();
    const refunds = await startReceiver();
    const m = await paymentMerchant(t(), server.base, { ipnUrl: primary.url });
    const a = await createEndpoint(m, {
      url: orders.url,
      description: 'orders service',
      enabledEvents: ['order.checkout_success'],
    });
    const b = await createEndpoint(m, {
      url: refunds.url,
      enabledEvents: ['refund.succeeded', 'order.partially_refunded'],
    });
    expect(a.secret).toMatch(/^dwhsec_test_/);
    expect(a.secret).not.toBe(b.secret);
    const listed = resultData<Endpoint[]>(await m.call('query', 'webhookEndpoints.list'));
    expect(listed.map((e) => [e.url, e.primary, e.enabledEvents])).toEqual([
      [primary.url, true, ['*']],
      [orders.url, false, ['order.checkout_success']],
      [refunds.url, false, ['order.partially_refunded', 'refund.succeeded']],
    ]);

    const { refundId } = await payAndRefund(m);
    const pump = startIpnPump(t());
    try {
      await waitUntil(
        async () => [primary.received.length, orders.received.length, refunds.received.length],
        ([p, o, r]) => p === 3 && o === 1 && r === 2,
      );
    } finally {
      await pump.stop();
    }
    expect(typesOf(primary).sort()).toEqual([
      'order.checkout_success',
      'order.partially_refunded',
      'refund.succeeded',
    ]);
    expect(typesOf(orders)).toEqual(['order.checkout_success']);
    expect(typesOf(refunds).sort()).toEqual(['order.partially_refunded', 'refund.succeeded']);
    const refundEvent = refunds.received
      .map((x) => JSON.parse(x.body) as IpnBody)
      .find((e) => e.type === 'refund.succeeded');
    expect(refundEvent?.data.refund).toMatchObject({
      id: refundId,
      amount: 1_000,
      status: 'succeeded',
    });

    // Each endpoint verifies with its own secret, and with no other.
    for (const x of orders.received) {
      expect(verifies(x, a.secret)).toBe(true);
      expect(verifies(x, b.secret)).toBe(false);
      expect(verifies(x, m.webhookSecret)).toBe(false);
    }
    for (const x of refunds.received) {
      expect(verifies(x, b.secret)).toBe(true);
      expect(verifies(x, a.secret)).toBe(false);
    }
    // The primary endpoint (the profile's IPN URL) keeps the merchant-wide secret.
    for (const x of primary.received) {
      expect(verifies(x, m.webhookSecret)).toBe(true);
      expect(verifies(x, a.secret)).toBe(false);
    }
    // The same event id reaches every endpoint (merchants deduplicate on it).
    const successIds = [primary, orders].map(
      (r) =>
        r.received
          .map((x) => JSON.parse(x.body) as IpnBody)
          .find((e) => e.type === 'order.checkout_success')?.id,
    );
    expect(successIds[0]).toBe(successIds[1]);
  });

  it('sends nothing to a disabled endpoint, and stops pending deliveries of a deleted one', async () => {
    const off = await startReceiver();
    const gone = await startReceiver(500);
    const m = await paymentMerchant(t(), server.base, { ipnUrl: (await startReceiver()).url });
    const disabled = await createEndpoint(m, { url: off.url });
    const deleted = await createEndpoint(m, { url: gone.url });
    const res = await m.call('mutation', 'webhookEndpoints.update', {
      endpointId: disabled.endpoint.id,
      status: 'disabled',
    });
    expect(resultData<{ status: string }>(res).status).toBe('disabled');
    await payAndRefund(m);
    await m.call('mutation', 'webhookEndpoints.delete', { endpointId: deleted.endpoint.id });
    await deliverDueIpns({
      db: t().database.db,
      masterKey: identityFor(t()).config.masterKey,
      timeoutMs: 2_000,
      concurrency: 4,
      baseDelayMs: 10,
      maxDelayMs: 10,
      allowPrivateNetworks: true,
    });
    expect(off.received).toHaveLength(0);
    expect(gone.received).toHaveLength(0);
    const left = await t()
      .database.db.select()
      .from(ipnDeliveries)
      .where(eq(ipnDeliveries.endpointId, deleted.endpoint.id));
    expect(left.length).toBe(3);
    expect(left.every((d) => d.status === 'failed' && d.lastError === 'endpoint_deleted')).toBe(
      true,
    );
    // Its secret is revoked with it.
    const secrets = await t()
      .database.db.select()
      .from(merchantCredentials)
      .where(eq(merchantCredentials.endpointId, deleted.endpoint.id));
    expect(secrets.every((s) => s.revokedAt !== null)).toBe(true);
  });

  it('refuses bad input with typed errors and changes nothing', async () => {
    const m = await paymentMerchant(t(), server.base);
    const typo = await m.call('mutation', 'webhookEndpoints.create', {
      url: 'https://shop.example/hooks',
      enabledEvents: ['order.checkout_sucess'],
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error?.data.code).toBe('validation_failed');
    // Every error links to its section of the error reference, which the server serves.
    expect(typo.body.error?.data.docUrl).toBe('http://ducat.test/docs/errors#validation_failed');
    const reference = await (await fetch(`${server.base}/docs/errors`)).text();
    expect(reference).toContain('id="webhook_endpoint_primary"');
    expect(reference).toContain('id="validation_failed"');
    const notUrl = await m.call('mutation', 'webhookEndpoints.create', { url: 'ftp://x' });
    expect(notUrl.body.error?.data.code).toBe('validation_failed');
    const list = resultData<Endpoint[]>(await m.call('query', 'webhookEndpoints.list'));
    expect(list).toHaveLength(1);
    const primary = list[0] as Endpoint;
    const del = await m.call('mutation', 'webhookEndpoints.delete', { endpointId: primary.id });
    expect(del.body.error?.data.code).toBe('webhook_endpoint_primary');
    const other = await paymentMerchant(t(), server.base);
    const foreign = await other.call('mutation', 'webhookEndpoints.update', {
      endpointId: primary.id,
      description: 'mine now',
    });
    expect(foreign.body.error?.data.code).toBe('webhook_endpoint_not_found');
    const [row] = await t()
      .database.db.select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, primary.id));
    expect(row?.description).toBe('IPN URL');
  });

  it('rotates an endpoint secret: both sign during the grace period', async () => {
    const hooks = await startReceiver();
    const m = await paymentMerchant(t(), server.base, { ipnUrl: (await startReceiver()).url });
    const created = await createEndpoint(m, {
      url: hooks.url,
      enabledEvents: ['order.checkout_success'],
    });
    const rotated = resultData<{ secret: string; graceUntil: string | null }>(
      await m.call('mutation', 'webhookEndpoints.rotateSecret', {
        endpointId: created.endpoint.id,
        graceSeconds: 600,
      }),
    );
    expect(rotated.secret).not.toBe(created.secret);
    expect(rotated.graceUntil).not.toBeNull();
    await payAndRefund(m);
    const pump = startIpnPump(t());
    try {
      await waitUntil(
        async () => hooks.received.length,
        (n) => n === 1,
      );
    } finally {
      await pump.stop();
    }
    const [x] = hooks.received;
    if (!x) throw new Error('nothing received');
    expect(verifies(x, rotated.secret)).toBe(true);
    expect(verifies(x, created.secret)).toBe(true);
    expect(verifies(x, m.webhookSecret)).toBe(false);
  });
});

describe('events API', () => {
  it('lists events by type, order and period, gets one with its deliveries, and resends it', async () => {
    const primary = await startReceiver(500);
    const m = await paymentMerchant(t(), server.base, { ipnUrl: primary.url });
    const before = new Date(Date.now() - 1_000).toISOString();
    const { orderId } = await payAndRefund(m);
    const other = await payAndRefund(m);
    type EventPage = { items: (IpnBody & { orderId: string })[]; nextCursor: string | null };
    const all = resultData<EventPage>(await m.call('query', 'events.list', {}));
    expect(all.items.map((e) => e.type)).toEqual([
      'refund.succeeded',
      'order.partially_refunded',
      'order.checkout_success',
      'refund.succeeded',
      'order.partially_refunded',
      'order.checkout_success',
    ]);
    const ofOrder = resultData<EventPage>(await m.call('query', 'events.list', { orderId }));
    expect(ofOrder.items.map((e) => [e.orderId, e.seq])).toEqual([
      [orderId, 3],
      [orderId, 2],
      [orderId, 1],
    ]);
    const refundsOnly = resultData<EventPage>(
      await m.call('query', 'events.list', { type: 'refund.succeeded', limit: 1 }),
    );
    expect(refundsOnly.items.map((e) => e.orderId)).toEqual([other.orderId]);
    const page2 = resultData<EventPage>(
      await m.call('query', 'events.list', {
        type: 'refund.succeeded',
        limit: 1,
        cursor: refundsOnly.nextCursor,
      }),
    );
    expect(page2.items.map((e) => e.orderId)).toEqual([orderId]);
    expect(page2.nextCursor).toBeNull();
    const future = resultData<EventPage>(await m.call('query', 'events.list', { to: before }));
    expect(future.items).toHaveLength(0);
    const badType = await m.call('query', 'events.list', { type: 'order.nope' });
    expect(badType.body.error?.data.code).toBe('validation_failed');

    // Another merchant sees none of them.
    const stranger = await paymentMerchant(t(), server.base);
    const theirs = resultData<EventPage>(await stranger.call('query', 'events.list', {}));
    expect(theirs.items).toHaveLength(0);
    const success = all.items.find(
      (e) => e.orderId === orderId && e.type === 'order.checkout_success',
    );
    if (!success) throw new Error('no success event');
    const peek = await stranger.call('query', 'events.get', { eventId: success.id });
    expect(peek.body.error?.data.code).toBe('event_not_found');

    // Resend to all: the primary endpoint (now answering 200) gets a manual attempt.
    primary.status = 200;
    type Resend = {
      endpointId: string;
      delivered: boolean;
      attempt: { statusCode: number } | null;
    };
    const resent = resultData<Resend[]>(
      await m.call('mutation', 'events.resend', { eventId: success.id }),
    );
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ delivered: true, attempt: { statusCode: 200 } });
    expect(primary.received.map((x) => (JSON.parse(x.body) as IpnBody).id)).toEqual([success.id]);

    // An endpoint added later gets it on its own delivery when asked, signed with its secret.
    const late = await startReceiver();
    const added = await createEndpoint(m, { url: late.url, enabledEvents: ['refund.failed'] });
    const toOne = resultData<Resend[]>(
      await m.call('mutation', 'events.resend', {
        eventId: success.id,
        endpointId: added.endpoint.id,
      }),
    );
    expect(toOne).toMatchObject([{ endpointId: added.endpoint.id, delivered: true }]);
    expect(late.received).toHaveLength(1);
    expect(verifies(late.received[0] as Received, added.secret)).toBe(true);
    const detail = resultData<{
      event: { id: string; data: { order?: { id: string } } };
      deliveries: { endpointId: string; status: string }[];
    }>(await m.call('query', 'events.get', { eventId: success.id }));
    expect(detail.event.data.order?.id).toBe(orderId);
    expect(detail.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
    expect(
      await t()
        .database.db.select()
        .from(ipnDeliveries)
        .where(and(eq(ipnDeliveries.eventId, success.id))),
    ).toHaveLength(2);
  });
});
