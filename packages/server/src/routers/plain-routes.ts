import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { getMerchantLogo } from '../domains/merchants/get-merchant-logo.js';
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
 * token), provider notifications (sent by providers in their own formats) and merchant logos
 * (images, shown on the checkout).
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
    const logo = path.match(/^\/logos\/(logo_[1-9A-Za-z]{22})$/);
    if (logo?.[1] && (req.method === 'GET' || req.method === 'HEAD')) {
      getMerchantLogo({ db: services.db, logoId: logo[1] }).then(
        (found) => {
          if (!found) {
            sendJson(res, 404, { error: { code: 'not_found', requestId } });
            return;
          }
          res.writeHead(200, {
            // The type sniffed from the bytes at upload (PNG, JPEG or WebP), never the uploader's.
            'content-type': found.contentType,
            'content-length': found.bytes.length,
            'x-content-type-options': 'nosniff',
            // Even opened on its own, the file can run nothing and load nothing.
            'content-security-policy': "default-src 'none'; sandbox",
            'content-disposition': 'inline; filename="logo"',
            // A new upload is a new id: this URL's bytes never change.
            'cache-control': 'public, max-age=31536000, immutable',
            'cross-origin-resource-policy': 'cross-origin',
          });
          res.end(req.method === 'HEAD' ? undefined : found.bytes);
        },
        (error: unknown) => {
          services.logger.error({ err: error, requestId }, 'logo failed');
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
