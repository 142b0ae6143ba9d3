import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  callbacks,
  type Ducat,
  DucatError,
  type DucatEvent,
  SignatureVerificationError,
  webhooks,
} from '@ducat/sdk';
import { CURRENCY, PRODUCTS } from './catalog.js';
import { ordersPage, productPage, returnPage, widgetPage } from './pages.js';

/** The shop's own order: its record of what was bought and what Ducat told it. */
export type StoreOrder = {
  id: string;
  productId: string;
  productName: string;
  amount: number;
  currency: string;
  createdAt: string;
  ducatOrderId: string | null;
  checkoutUrl: string | null;
  /** The last status an IPN reported (the highest `seq` applied). */
  ducatStatus: string | null;
  lastSeq: number;
  /** Set once, by the first `order.checkout_success` IPN. */
  paidAt: string | null;
  /** The shopper came back through a return link that verified. */
  returnVerified: boolean;
};

export type ReceivedEvent = {
  id: string;
  type: string;
  seq: number;
  orderId: string;
  duplicate: boolean;
};

export type StoreConfig = {
  ducat: Ducat;
  /** The merchant's webhook secret(s): verifies IPNs and return links. */
  webhookSecret: string | string[];
  /** Where shoppers reach the shop (return and cancel links point here). */
  publicUrl: string;
  /** The hosted checkout, for the embedded widget. */
  checkoutUrl: string;
  /** The built widget loader to serve to browsers (absent: the widget page says so). */
  widgetScript?: string | undefined;
  log?: (line: string) => void;
};

export type Store = {
  orders: Map<string, StoreOrder>;
  events: ReceivedEvent[];
  server: http.Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
};

const MAX_BODY = 256 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/html; charset=utf-8',
) {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/**
 * The example shop: a product page, "buy" creating a Ducat order and sending the shopper to
 * the hosted checkout (or the embedded widget), a return page that verifies the signed
 * redirect, an IPN endpoint that verifies the signature and marks the order paid once, and an
 * orders page. State is in memory: it is an example, restart it and the orders are gone.
 */
export function createStore(config: StoreConfig): Store {
  const orders = new Map<string, StoreOrder>();
  const byDucatId = new Map<string, StoreOrder>();
  const seenEvents = new Set<string>();
  const events: ReceivedEvent[] = [];
  let counter = 0;
  const log = config.log ?? (() => undefined);

  async function buy(req: IncomingMessage, res: ServerResponse) {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const product = PRODUCTS.find((p) => p.id === form.get('productId'));
    if (!product) return send(res, 400, 'Unknown product');
    counter++;
    const order: StoreOrder = {
      id: `shop-${Date.now().toString(36)}-${counter}`,
      productId: product.id,
      productName: product.name,
      amount: product.price,
      currency: CURRENCY,
      createdAt: new Date().toISOString(),
      ducatOrderId: null,
      checkoutUrl: null,
      ducatStatus: null,
      lastSeq: 0,
      paidAt: null,
      returnVerified: false,
    };
    orders.set(order.id, order);
    // Our order id is the idempotency key: a retried click cannot create two Ducat orders.
    const { order: ducatOrder, checkout } = await config.ducat.orders.create(
      {
        reference: order.id,
        amount: order.amount,
        currency: order.currency,
        description: product.name,
        items: [{ name: product.name, quantity: 1, unitAmount: product.price }],
        returnUrl: `${config.publicUrl}/checkout/return`,
        cancelUrl: `${config.publicUrl}/`,
        metadata: { shopOrder: order.id },
      },
      { idempotencyKey: order.id },
    );
    order.ducatOrderId = ducatOrder.id;
    order.checkoutUrl = checkout.url;
    order.ducatStatus = ducatOrder.status;
    byDucatId.set(ducatOrder.id, order);
    if (form.get('mode') === 'widget') {
      return send(
        res,
        200,
        widgetPage({ order, token: checkout.token, checkoutUrl: config.checkoutUrl }),
      );
    }
    res.writeHead(303, { location: checkout.url });
    res.end();
  }

  async function returned(req: IncomingMessage, res: ServerResponse) {
    try {
      const back = await callbacks.verify(req.url ?? '', config.webhookSecret);
      const order = byDucatId.get(back.orderId);
      // Only a note that the shopper came back: fulfilment waits for the IPN.
      if (order) order.returnVerified = true;
      send(res, 200, returnPage({ verified: true, status: back.status, order }));
    } catch (error) {
      if (!(error instanceof SignatureVerificationError)) throw error;
      send(res, 400, returnPage({ verified: false, reason: error.code }));
    }
  }

  function apply(event: DucatEvent) {
    // Payout events concern no order.
    if (!('order' in event.data)) return;
    const ducatOrder = event.data.order;
    const order = byDucatId.get(ducatOrder.id) ?? orders.get(ducatOrder.reference);
    if (!order) return;
    // IPNs may arrive out of order: only a newer seq changes the status.
    if (event.seq > order.lastSeq) {
      order.lastSeq = event.seq;
      order.ducatStatus = ducatOrder.status;
    }
    if (event.type === 'order.checkout_success' && order.paidAt === null) {
      order.paidAt = new Date().toISOString();
      log(`order ${order.id} paid (${ducatOrder.id})`);
    }
  }

  async function ipn(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    let event: DucatEvent;
    try {
      event = await webhooks.verify(raw, req.headers['ducat-signature'], config.webhookSecret);
    } catch (error) {
      if (!(error instanceof SignatureVerificationError)) throw error;
      log(`IPN refused: ${error.code}`);
      return send(res, 400, error.code, 'text/plain');
    }
    // Delivery is at least once: the event id says whether this one was already applied.
    const duplicate = seenEvents.has(event.id);
    events.push({
      id: event.id,
      type: event.type,
      seq: event.seq,
      orderId: 'order' in event.data ? event.data.order.id : '',
      duplicate,
    });
    if (!duplicate) {
      seenEvents.add(event.id);
      apply(event);
    }
    send(res, 200, 'ok', 'text/plain');
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://store.local');
    const key = `${req.method} ${url.pathname}`;
    switch (key) {
      case 'GET /':
        return send(res, 200, productPage());
      case 'POST /buy':
        return buy(req, res);
      case 'GET /checkout/return':
        return returned(req, res);
      case 'POST /api/ducat/ipn':
        return ipn(req, res);
      case 'GET /orders':
        return send(res, 200, ordersPage([...orders.values()].reverse()));
      case 'GET /api/orders':
        return send(
          res,
          200,
          JSON.stringify({ orders: [...orders.values()], events }),
          'application/json',
        );
      case 'GET /assets/ducat-widget.js': {
        if (!config.widgetScript) return send(res, 404, 'widget not built', 'text/plain');
        const code = await readFile(config.widgetScript, 'utf8');
        return send(res, 200, code, 'text/javascript; charset=utf-8');
      }
      default:
        return send(res, 404, 'Not found', 'text/plain');
    }
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const detail =
        error instanceof DucatError
          ? `${error.code} (request ${error.requestId ?? '-'})`
          : String(error);
      log(`request failed: ${detail}`);
      if (!res.headersSent) send(res, 502, `Something went wrong: ${detail}`, 'text/plain');
    });
  });

  return {
    orders,
    events,
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
