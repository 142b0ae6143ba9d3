import type { Ducat, LogRecord } from '@ducat/sdk';
import type { Ui } from './ui.js';

/** One line of the tail for people: when, what, how it went. */
export function formatLogRecord(record: LogRecord): string {
  if (record.kind === 'request') {
    return `${record.time}  ${record.method.padEnd(6)} ${record.path.padEnd(40)} ${record.status}  ${record.durationMs} ms  ${record.requestId}`;
  }
  const outcome = record.statusCode ?? record.error ?? 'no answer';
  return `${record.time}  IPN    ${record.type.padEnd(28)} ${record.eventId} -> ${record.url}  ${outcome}  ${record.latencyMs} ms  (${record.trigger})`;
}

/**
 * `ducat logs tail`: the key's API requests and IPN attempts as they happen, until `signal`
 * aborts (Ctrl-C). With --json, one JSON line per entry after a `{ ready: true }` line.
 */
export async function tailLogs(options: {
  ducat: Ducat;
  ui: Ui;
  signal: AbortSignal;
}): Promise<void> {
  const { ducat, ui } = options;
  try {
    for await (const message of ducat.logs.tail({ signal: options.signal })) {
      if (message.kind === 'ready') {
        ui.out(`Tailing ${message.mode}-mode API requests and IPN attempts (Ctrl-C to stop)`, {
          ready: true,
          mode: message.mode,
        });
        continue;
      }
      ui.out(formatLogRecord(message), message);
    }
  } catch (error) {
    if (!options.signal.aborted) throw error;
  }
}
