import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DucatEvent, SignatureVerificationError, webhooks } from '../src/index.js';

export type IpnReceiver = {
  url: string;
  /** Events whose signature verified, in arrival order (duplicates included). */
  events: DucatEvent[];
  /** Refusals, by code. */
  refused: string[];
  /** The first event `match` accepts; with a type guard, typed as the events it accepts. */
  waitFor<E extends DucatEvent>(match: (e: DucatEvent) => e is E, timeoutMs?: number): Promise<E>;
  close(): Promise<void>;
};

/** A merchant's IPN endpoint as a plain Node server would write it with the SDK. */
export async function startIpnReceiver(secret: () => string): Promise<IpnReceiver> {
  const events: DucatEvent[] = [];
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      webhooks.verify(Buffer.concat(chunks), req.headers['ducat-signature'], secret()).then(
        (event) => {
          events.push(event);
          res.writeHead(200).end('ok');
        },
        (error: unknown) => {
          refused.push(error instanceof SignatureVerificationError ? error.code : String(error));
          res.writeHead(400).end('bad signature');
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ipn`,
    events,
    refused,
    async waitFor<E extends DucatEvent>(match: (e: DucatEvent) => e is E, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('IPN not received in time');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
