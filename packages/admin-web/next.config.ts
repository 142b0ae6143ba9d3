import { REQUEST_LOG_IGNORE, securityHeaders } from '@ducat/web-kit';
import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Bearer links (/pay/<token>, ?token=…) never reach the dev server's request log.
  logging: { incomingRequests: { ignore: REQUEST_LOG_IGNORE } },
  transpilePackages: ['@ducat/web-kit', '@ducat/ui', '@ducat/server'],
  // The workspace root, so Next does not guess it from the lockfile.
  outputFileTracingRoot: new URL('../..', import.meta.url).pathname,
  async headers() {
    const https = (process.env.PUBLIC_URL ?? '').startsWith('https:');
    return [{ source: '/:path*', headers: securityHeaders({ https }) }];
  },
};

export default config;
