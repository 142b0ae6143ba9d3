import { createHmac } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import { getWebhookSecrets } from '../merchants/get-webhook-secrets.js';

/** The string a return-URL signature covers; the SDK rebuilds it to verify. */
export function returnSignaturePayload(p: {
  orderId: string;
  status: string;
  amount: number;
  currency: string;
  timestamp: number;
}): string {
  return `${p.timestamp}.${p.orderId}.${p.status}.${p.amount}.${p.currency}`;
}

/**
 * Where the shopper goes after a final status: the merchant's return URL with `order_id`,
 * `status`, `amount`, `currency`, `timestamp` and `signature` (hex HMAC-SHA256 under the
 * merchant's newest webhook secret of `timestamp.order_id.status.amount.currency`). The merchant
 * must verify it (and should still trust the IPN, not the browser, for fulfilment).
 */
export async function signedReturnUrl(options: {
  db: Db;
  masterKey: Buffer;
  /** Remembers decrypted secrets briefly (every redirect of a busy merchant needs the same one). */
  cache?: Map<string, { at: number; secret: string | undefined }>;
  order: {
    id: string;
    merchantId: string;
    mode: Mode;
    status: string;
    amount: number;
    currency: string;
    returnUrl: string;
  };
  now?: Date;
}): Promise<string> {
  const { order } = options;
  const timestamp = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const url = new URL(order.returnUrl);
  url.searchParams.set('order_id', order.id);
  url.searchParams.set('status', order.status);
  url.searchParams.set('amount', String(order.amount));
  url.searchParams.set('currency', order.currency);
  url.searchParams.set('timestamp', String(timestamp));
  const secret = await newestSecret(options);
  if (secret) {
    const payload = returnSignaturePayload({ ...order, orderId: order.id, timestamp });
    url.searchParams.set('signature', createHmac('sha256', secret).update(payload).digest('hex'));
  }
  return url.toString();
}

/** A rotation is picked up within this time; the old secret stays valid for its grace period. */
const SECRET_CACHE_MS = 30_000;

async function newestSecret(options: {
  db: Db;
  masterKey: Buffer;
  cache?: Map<string, { at: number; secret: string | undefined }>;
  order: { merchantId: string; mode: Mode };
}): Promise<string | undefined> {
  const key = `${options.order.merchantId}:${options.order.mode}`;
  const cached = options.cache?.get(key);
  if (cached && Date.now() - cached.at < SECRET_CACHE_MS) return cached.secret;
  const [secret] = await getWebhookSecrets({
    db: options.db,
    masterKey: options.masterKey,
    merchantId: options.order.merchantId,
    mode: options.order.mode,
  });
  if (options.cache) {
    if (options.cache.size > 10_000) options.cache.clear();
    options.cache.set(key, { at: Date.now(), secret: secret?.secret });
  }
  return secret?.secret;
}
