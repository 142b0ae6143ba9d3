import { createHmac } from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { Mode } from '../../db/schema/index.js';
import type { CredentialCache } from '../merchants/credential-cache.js';
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
  /** The process's memo of decrypted credentials (every redirect of a busy merchant needs one). */
  credentials?: CredentialCache | undefined;
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

async function newestSecret(options: {
  db: Db;
  masterKey: Buffer;
  credentials?: CredentialCache | undefined;
  order: { merchantId: string; mode: Mode };
}): Promise<string | undefined> {
  const [secret] = await getWebhookSecrets({
    db: options.db,
    masterKey: options.masterKey,
    merchantId: options.order.merchantId,
    mode: options.order.mode,
    credentials: options.credentials,
  });
  return secret?.secret;
}
