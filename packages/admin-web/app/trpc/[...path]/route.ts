import { proxyToApi } from '@ducat/web-kit';
import { env } from '@/lib/env';

// The browser's tRPC calls go through the app's own origin (see proxyToApi).
export const dynamic = 'force-dynamic';

function handle(request: Request): Promise<Response> {
  return proxyToApi(request, env.DUCAT_API_URL);
}

export { handle as GET, handle as POST };
