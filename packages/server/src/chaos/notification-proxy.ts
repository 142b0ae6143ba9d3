import http from 'node:http';
import { SANDBOX_SIGNATURE_HEADER, signSandboxNotification } from '../sandbox/sign-notification.js';

/**
 * Between the sandbox provider and the servers: the suite's unreliable notification channel.
 * Every notification is delivered late by a random few hundred ms (so notifications of different
 * payments overtake each other), then once more a little later (a duplicate, perhaps on another
 * server); every `lateEvery`-th is acknowledged to the sandbox without being passed on, and
 * delivered only after `lateMs` (after the stuck checker's query, when that is shorter). Each
 * delivery is signed anew, as a provider's retry is, and retried until the servers answer 2xx or
 * 4xx (a fault in between answers 503).
 */

export type NotificationStats = {
  received: number;
  forwarded: number;
  duplicated: number;
  late: number;
  /** Deliveries that never got a 2xx (4xx answers, or still failing at close), by status. */
  refused: Record<string, number>;
};

export type NotificationProxy = {
  base: string;
  stats: NotificationStats;
  /** From now on, hold every `lateEvery`-th notification back (set-up runs without). */
  arm(): void;
  /** Resolves once every scheduled delivery (late ones included) is done. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startNotificationProxy(options: {
  /** Where notifications go (the servers' round-robin proxy). */
  target: string;
  secret: string;
  lateMs: number;
  lateEvery: number;
  /** The most a notification is held before its first delivery. */
  reorderMs: number;
}): Promise<NotificationProxy> {
  const stats: NotificationStats = {
    received: 0,
    forwarded: 0,
    duplicated: 0,
    late: 0,
    refused: {},
  };
  const pending = new Set<Promise<unknown>>();
  let closed = false;
  let armed = false;

  /** One POST to the servers; the status, or 0 when the connection failed. */
  const post = async (path: string, body: string): Promise<number> => {
    try {
      const res = await fetch(`${options.target}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SANDBOX_SIGNATURE_HEADER]: signSandboxNotification({ secret: options.secret, body }),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  };
  /** Delivers after `delayMs`, retrying 5xx and network errors until 2xx or 4xx (or close). */
  const deliverLater = (path: string, body: string, delayMs: number) => {
    const job = (async () => {
      await sleep(delayMs);
      let status = 0;
      for (let attempt = 0; !closed; attempt++) {
        status = await post(path, body);
        if (status >= 200 && status < 300) return;
        if (status >= 400 && status < 500) break;
        await sleep(Math.min(2_000, 100 * 2 ** attempt));
      }
      stats.refused[status] = (stats.refused[status] ?? 0) + 1;
    })();
    pending.add(job);
    void job.finally(() => pending.delete(job));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const n = stats.received++;
      if (armed && options.lateEvery > 0 && n % options.lateEvery === options.lateEvery - 1) {
        // Lost on the way for now: the sandbox hears "delivered", the servers hear it late.
        stats.late++;
        deliverLater(path, body, options.lateMs);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      void (async () => {
        await sleep(Math.random() * options.reorderMs);
        const status = await post(path, body);
        stats.forwarded++;
        stats.duplicated++;
        deliverLater(path, body, 200 + Math.random() * 2_000);
        // The sandbox retries what the servers did not take (a fault in between).
        res.writeHead(status === 0 ? 502 : status, { 'content-type': 'application/json' });
        res.end('{}');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    stats,
    arm() {
      armed = true;
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
