import { createHmac } from 'node:crypto';

/** The header carrying a notification's signature: `t=<unix seconds>,v1=<hex>`. */
export const SANDBOX_SIGNATURE_HEADER = 'sandbox-signature';

/** HMAC-SHA256 over `<t>.<body>`: binding the timestamp stops an old body being replayed fresh. */
export function computeSandboxSignature(options: {
  secret: string;
  timestamp: number;
  body: string;
}): string {
  return createHmac('sha256', options.secret)
    .update(`${options.timestamp}.${options.body}`)
    .digest('hex');
}

/**
 * The `Sandbox-Signature` header value for a body. Exported so tests can forge well-formed (or
 * deliberately stale) headers the way stripe-node's test-header helper does.
 */
export function signSandboxNotification(options: {
  secret: string;
  body: string;
  timestamp?: number;
}): string {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${timestamp},v1=${computeSandboxSignature({ ...options, timestamp })}`;
}
