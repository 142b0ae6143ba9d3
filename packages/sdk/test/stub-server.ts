import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SeenRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
};

export type StubServer = {
  base: string;
  requests: SeenRequest[];
  close(): Promise<void>;
};

/**
 * A stand-in for the network in front of the API: `answer` decides what the n-th request
 * (0-based) gets, including failures the real server cannot be made to produce on demand (a
 * reset connection, a hang, a 503). Tests of the real API behaviour use the real server.
 */
export async function startStubServer(
  answer: (index: number, request: SeenRequest, res: ServerResponse) => void,
): Promise<StubServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      answer(requests.length - 1, seen, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function refusal(
  res: ServerResponse,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  json(
    res,
    status,
    { error: { code, message: `refused: ${code}`, requestId: `req_${code}`, ...extra } },
    headers,
  );
}

/** A merchant id of the right shape (the client refuses others before any request). */
export const MERCHANT_ID = 'mch_1111111111111111111111';
export const API_KEY = 'dk_test_stubstubstubstubstubstubstubstubstub';

/** The claims of the Bearer JWT a request carried. */
export function jwtClaims(headers: IncomingHttpHeaders): Record<string, unknown> {
  const token = String(headers.authorization ?? '').replace(/^Bearer /, '');
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
