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
    return [
      { source: '/:path*', headers: securityHeaders({ https }) },
      // The script-tag widget loader and its manifest (scripts/publish-widget-script.ts): the
      // bytes under a version never change, merchants' pages load them cross-origin with
      // `integrity` (which needs CORS: crossorigin="anonymous").
      {
        source: '/js/v1/:file(ducat-widget\\.js|ducat-widget\\.json)',
        headers: [
          { key: 'Cache-Control', value: 'public, max-age=31536000, immutable' },
          { key: 'Access-Control-Allow-Origin', value: '*' },
          { key: 'Cross-Origin-Resource-Policy', value: 'cross-origin' },
        ],
      },
    ];
  },
};

export default config;
