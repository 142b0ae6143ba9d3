import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { isAppError } from '../errors.js';
import { readBody } from '../infra/read-body.js';
import { sendJson } from '../infra/send-json.js';

const MAX_NOTIFICATION_BYTES = 256 * 1024;

export type NotificationHandler = (options: {
  services: PaymentServices;
  provider: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
}) => Promise<void>;

/**
 * The few routes that must be plain HTTP: the checkout-token JWKS (fetched by anyone verifying a
 * token) and provider notifications (sent by providers in their own formats).
 */
export function createPlainRoutes(options: {
  services: PaymentServices;
  onNotification?: NotificationHandler;
}): (req: IncomingMessage, res: ServerResponse, requestId: string) => boolean {
  const { services } = options;
  return (req, res, requestId) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/.well-known/jwks.json' && req.method === 'GET') {
      services.keys.jwks().then(
        (jwks) => {
          const text = JSON.stringify(jwks);
          res.writeHead(200, {
            'content-type': 'application/json; charset=utf-8',
            // Short: a rotation reaches verifiers within minutes.
            'cache-control': 'public, max-age=300',
            'content-length': Buffer.byteLength(text),
          });
          res.end(text);
        },
        (error: unknown) => {
          services.logger.error({ err: error, requestId }, 'jwks failed');
          sendJson(res, 503, { error: { code: 'service_unavailable', requestId } });
        },
      );
      return true;
    }
    const notify = path.match(/^\/providers\/([a-z0-9_-]{1,40})\/notify$/);
    if (notify?.[1] && req.method === 'POST' && options.onNotification) {
      const provider = notify[1];
      const handler = options.onNotification;
      readBody(req, MAX_NOTIFICATION_BYTES)
        .then((rawBody) => handler({ services, provider, headers: req.headers, rawBody }))
        .then(
          () => sendJson(res, 200, { received: true }),
          (error: unknown) => {
            if (isAppError(error) && error.status < 500) {
              sendJson(res, error.status, {
                error: { code: error.code, message: error.userMessage, requestId },
              });
              return;
            }
            services.logger.error({ err: error, requestId, provider }, 'notification failed');
            // Non-2xx: the provider retries later.
            sendJson(res, 500, { error: { code: 'internal_error', requestId } });
          },
        );
      return true;
    }
    return false;
  };
}
