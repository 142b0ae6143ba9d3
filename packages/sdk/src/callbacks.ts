import { anySignatureMatches, checkTimestamp, refuse, secretList, utf8 } from './signatures.js';
import type { OrderStatus, ReturnParams } from './types.js';

export type CallbackInput =
  | string
  | URL
  | URLSearchParams
  | Record<string, string | string[] | undefined>;

function paramsOf(input: CallbackInput): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  if (typeof input === 'string') {
    // A full URL, a path with a query (Node's req.url) or a bare query string.
    const query = input.includes('?') ? input.slice(input.indexOf('?') + 1) : input;
    return new URLSearchParams(query.split('#')[0]);
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}

/**
 * Verifies the signed redirect that brings the shopper back to your `returnUrl` and returns its
 * parameters. The signature is the HMAC-SHA256, under your webhook secret, of
 * `timestamp.order_id.status.amount.currency`; stale or future timestamps are refused like IPNs.
 * A valid redirect proves the platform sent the shopper, but fulfil on the IPN: the shopper may
 * never come back.
 *
 * @example
 * // GET /checkout/return?order_id=…&status=…&amount=…&currency=…&timestamp=…&signature=…
 * const back = await callbacks.verify(req.url, process.env.DUCAT_WEBHOOK_SECRET ?? '');
 * res.end(back.status === 'checkout_success' ? 'Thank you!' : 'Payment not completed');
 */
export async function verifyCallback(
  urlOrParams: CallbackInput,
  secrets: string | readonly string[],
  options: { tolerance?: number; now?: Date | number } = {},
): Promise<ReturnParams> {
  const keys = secretList(secrets);
  const p = paramsOf(urlOrParams);
  const signature = p.get('signature');
  if (!signature) throw refuse('signature_missing', 'The redirect carries no signature.');
  const orderId = p.get('order_id');
  const status = p.get('status');
  const amount = p.get('amount');
  const currency = p.get('currency');
  const timestamp = p.get('timestamp');
  if (
    !orderId ||
    !status ||
    !currency ||
    !amount ||
    !/^\d{1,16}$/.test(amount) ||
    !timestamp ||
    !/^\d{1,12}$/.test(timestamp) ||
    !/^[0-9a-fA-F]{64}$/.test(signature)
  ) {
    throw refuse('signature_malformed', 'The redirect parameters are incomplete or malformed.');
  }
  checkTimestamp(Number(timestamp), options);
  const payload = utf8(`${timestamp}.${orderId}.${status}.${amount}.${currency}`);
  if (!(await anySignatureMatches(payload, [signature.toLowerCase()], keys))) {
    throw refuse('signature_mismatch', 'The redirect signature does not match.');
  }
  return {
    orderId,
    status: status as OrderStatus,
    amount: Number(amount),
    currency,
    timestamp: Number(timestamp),
  };
}

/**
 * Return-redirect verification. Also on a client as `ducat.callbacks`.
 *
 * @example
 * import { callbacks } from '@ducat/sdk';
 * const { orderId, status } = await callbacks.verify(request.url, webhookSecret);
 */
export const callbacks = { verify: verifyCallback } as const;
