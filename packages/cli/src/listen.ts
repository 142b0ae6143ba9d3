import { type Ducat, type EventType, webhooks } from '@ducat/sdk';
import type { Ui } from './ui.js';

export type ForwardResult = {
  eventId: string;
  type: string;
  deliveryId: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
};

/**
 * `ducat listen`: opens a session (a temporary endpoint), prints its secret, and forwards each
 * event to `forwardTo` signed with it, exactly as the platform signs IPNs, reporting each
 * outcome back. Returns when `signal` aborts (Ctrl-C); the endpoint goes with the connection.
 */
export async function listen(options: {
  ducat: Ducat;
  ui: Ui;
  forwardTo: string;
  enabledEvents: string[];
  signal: AbortSignal;
}): Promise<void> {
  const { ducat, ui } = options;
  const stream = ducat.webhookEndpoints.listen({
    // Checked by the server, which names a wrong one.
    enabledEvents: options.enabledEvents as ('*' | EventType)[],
    signal: options.signal,
  });
  let endpointId: string | undefined;
  let secret = '';
  try {
    for await (const message of stream) {
      if (message.kind === 'session') {
        endpointId = message.endpointId;
        secret = message.secret;
        ui.out(
          `Ready! Forwarding ${message.mode} events to ${options.forwardTo}\nYour webhook signing secret is ${secret} (endpoint ${endpointId}; Ctrl-C to stop)`,
          { ready: true, endpointId, secret, mode: message.mode, forwardTo: options.forwardTo },
        );
        continue;
      }
      const result = await forward(options.forwardTo, message, secret);
      ui.out(
        `${new Date().toISOString()}  ${message.type.padEnd(28)} ${message.eventId}  --> ${result.statusCode ?? result.error} (${result.latencyMs} ms)`,
        result,
      );
      if (endpointId) {
        await ducat.webhookEndpoints
          .listenResult(endpointId, {
            deliveryId: message.deliveryId,
            statusCode: result.statusCode,
            latencyMs: result.latencyMs,
            error: result.error,
          })
          .catch((error: unknown) => ui.note(`could not report the result: ${String(error)}`));
      }
    }
  } catch (error) {
    if (!options.signal.aborted) throw error;
  }
}

async function forward(
  url: string,
  message: { deliveryId: string; eventId: string; type: string; body: string },
  secret: string,
): Promise<ForwardResult> {
  const started = performance.now();
  const base = { eventId: message.eventId, type: message.type, deliveryId: message.deliveryId };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Ducat-CLI/1',
        'ducat-signature': await webhooks.generateTestHeader({ payload: message.body, secret }),
        'ducat-event-id': message.eventId,
      },
      body: message.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    return {
      ...base,
      statusCode: response.status,
      latencyMs: Math.round(performance.now() - started),
      error: null,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      ...base,
      statusCode: null,
      latencyMs: Math.round(performance.now() - started),
      error: `forward failed: ${cause?.code ?? (error instanceof Error ? error.message : String(error))}`,
    };
  }
}
