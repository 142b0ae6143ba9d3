import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { compileTrustProxy } from '@ducat/server/trust-proxy';
import { rewriteForwardedHeaders } from './forwarded-headers';

/**
 * Serves a built Next app (`next({ dev: false, dir })` + `getRequestHandler()`, the app's
 * `server.ts`) on plain node:http, rewriting the forwarded headers of every request first (see
 * rewriteForwardedHeaders): this is what `pnpm start` runs in both apps, instead of `next start`.
 * Stops accepting on SIGTERM/SIGINT and exits once the requests in flight are answered.
 */
export function serveWebApp(options: {
  name: string;
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  port: number;
  /** The app's own TRUST_PROXY (its front proxies), parsed by its config module. */
  trustProxy: readonly string[];
  /** Where to listen; default every interface, as `next start`. */
  hostname?: string;
}): Promise<void> {
  const trust = compileTrustProxy(options.trustProxy);
  const server = createServer((req, res) => {
    rewriteForwardedHeaders(req, trust);
    options.handle(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return new Promise((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port, options.hostname, () => {
      process.stdout.write(
        `${options.name} listening on :${options.port} (front proxies: ${
          options.trustProxy.join(',') || 'none'
        })\n`,
      );
      listening();
    });
  });
}
