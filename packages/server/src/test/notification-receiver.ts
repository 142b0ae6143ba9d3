import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedNotification = {
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Parsed body (every sandbox notification is a JSON object). */
  body: Record<string, unknown>;
  /** The status this receiver answered. */
  answered: number;
  at: number;
};

export type NotificationReceiver = {
  url: string;
  received: ReceivedNotification[];
  /** Resolves with the notifications matching `filter` once there are `count` of them. */
  waitFor(
    filter: (n: ReceivedNotification) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<ReceivedNotification[]>;
  close(): Promise<void>;
};

/**
 * A stand-in for Ducat's notification route: a tiny HTTP server that records what it is sent.
 * `answer` picks the status for the n-th request (0-based); default 200.
 */
export async function startNotificationReceiver(
  options: { answer?: (index: number, body: Record<string, unknown>) => number } = {},
): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        // Recorded as an empty body: the test asserting on it will say what was wrong.
      }
      const answered = options.answer?.(received.length, body) ?? 200;
      received.push({ headers: req.headers, rawBody, body, answered, at: Date.now() });
      res.writeHead(answered, { 'content-type': 'text/plain' });
      res.end(answered < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    async waitFor(filter, count = 1, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter(filter);
        if (matching.length >= count) return matching;
        if (Date.now() > until) {
          throw new Error(
            `waited ${timeoutMs} ms for ${count} notifications, got ${matching.length}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
