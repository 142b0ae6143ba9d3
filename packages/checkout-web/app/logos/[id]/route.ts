import { proxyToApi } from '@ducat/web-kit';
import { env } from '@/lib/env';

// Merchant logos, served by the API (type sniffed at upload, nosniff, immutable): through this
// app's origin, so the checkout's CSP (img-src 'self') needs no exception.
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return proxyToApi(request, env.DUCAT_API_URL);
}
