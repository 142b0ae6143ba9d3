/** Request headers the API needs from the browser; nothing else crosses the proxy. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'cookie',
  'idempotency-key',
  'user-agent',
  'x-csrf-token',
  'trpc-accept',
];
/** Response headers the browser needs back from the API. */
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'retry-after',
  'x-request-id',
  'cache-control',
];

/**
 * Forwards a browser's `/trpc/*` call (or a download, such as the orders CSV export, streamed as it comes) to the Ducat API, so the browser talks to one origin (the
 * web app's) and the session cookie stays first-party, httpOnly and host-only.
 *
 * The API trusts this app as a proxy (its TRUST_PROXY lists this app's address; loopback in
 * development): this passes the browser's address in X-Forwarded-For and sets
 * X-Forwarded-Proto, so rate limits are per shopper, not per web app. Those headers are only
 * worth trusting because server.ts rewrote them before Next saw the request (see
 * rewriteForwardedHeaders): a browser's own X-Forwarded-For never gets this far.
 */
export async function proxyToApi(request: Request, apiUrl: string): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, apiUrl);
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // server.ts (serveWebApp) has already replaced x-forwarded-for by the one client address it
  // believes (the socket's, or the right-most untrusted one behind the app's own front proxies);
  // the last entry is taken in case anything in between appended to it.
  const chain = request.headers.get('x-forwarded-for') ?? '';
  const client = chain.split(',').pop()?.trim();
  if (client) headers.set('x-forwarded-for', client);
  headers.set(
    'x-forwarded-proto',
    request.headers.get('x-forwarded-proto') ?? incoming.protocol.replace(':', ''),
  );
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch {
    const error = { code: 'unavailable', httpStatus: 503 };
    return Response.json(
      { error: { message: 'The Ducat API is not answering.', code: -32603, data: error } },
      { status: 503 },
    );
  }
  const out = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) out.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, headers: out });
}
