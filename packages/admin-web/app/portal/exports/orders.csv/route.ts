import { proxyToApi } from '@ducat/web-kit';
import { env } from '@/lib/env';

// "Export CSV": the API streams the rows (GET /portal/exports/orders.csv); this passes them on
// as they come, with the browser's session cookie, so the download never sits in memory here.
export const dynamic = 'force-dynamic';

export function GET(request: Request): Promise<Response> {
  return proxyToApi(request, env.DUCAT_API_URL);
}
