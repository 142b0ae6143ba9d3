import net from 'node:net';

export type LinkMode =
  | { kind: 'pass' }
  /** Every chunk, each way, waits this long before it is forwarded. */
  | { kind: 'delay'; ms: number }
  /** Connections stay open, bytes are held (and forwarded when the stall ends). */
  | { kind: 'stall' }
  /** Open connections are cut and new ones refused: a partition, not a slow link. */
  | { kind: 'partition' };

export type TcpProxy = {
  port: number;
  set(mode: LinkMode): void;
  close(): Promise<void>;
};

/**
 * A loopback TCP proxy in front of a dependency (MariaDB, Redis): the chaos suite's network,
 * where links are delayed, stalled or partitioned without root, `tc` or namespaces.
 */
export async function startTcpProxy(options: { targetPort: number }): Promise<TcpProxy> {
  let mode: LinkMode = { kind: 'pass' };
  const sockets = new Set<net.Socket>();
  const held: (() => void)[] = [];

  const forward = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => {
      const send = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (mode.kind === 'delay') setTimeout(send, mode.ms);
      else if (mode.kind === 'stall') held.push(send);
      else if (mode.kind === 'pass') send();
    });
  };

  const server = net.createServer((client) => {
    if (mode.kind === 'partition') {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: options.targetPort });
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    set(next) {
      mode = next;
      if (next.kind === 'partition') {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        held.length = 0;
      }
      if (next.kind === 'pass' || next.kind === 'delay') {
        for (const send of held.splice(0)) send();
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
