/**
 * What `pnpm start` runs instead of `next start`: the built app behind a node:http server that
 * rewrites the forwarded headers first, so a browser's own X-Forwarded-For never reaches the API
 * (see serveWebApp and rewriteForwardedHeaders in @ducat/web-kit).
 */
import { serveWebApp } from '@ducat/web-kit/web-server';
import next from 'next';
import { env } from './lib/env';

const app = next({ dev: false, dir: import.meta.dirname, port: env.PORT });
await app.prepare();
await serveWebApp({
  name: '@ducat/admin-web',
  handle: app.getRequestHandler(),
  port: env.PORT,
  trustProxy: env.TRUST_PROXY,
});
