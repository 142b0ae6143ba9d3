import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../infra/logger.js';
import { SANDBOX_SIGNATURE_HEADER, signSandboxNotification } from './sign-notification.js';

/** One notification as the sandbox remembers it: the body never changes between deliveries. */
export type NotificationRecord = {
  notificationId: string;
  notifyUrl: string;
  body: string;
  /** Every POST made (all copies, all retries), for tests and support. */
  attempts: { at: Date; copy: number; status: number | null; error: string | null }[];
  acknowledged: boolean;
};

export type Notifier = {
  /** Delivers `copies` independent deliveries of the same notification, each retried on failure. */
  send(record: NotificationRecord, copies?: number): void;
  /** Runs `task` after `delayMs` unless the notifier closes first. */
  later(delayMs: number, task: () => void): void;
  /** Cancels pending retries and scheduled tasks and aborts deliveries in flight. */
  close(): Promise<void>;
};

export function createNotifier(options: {
  secret: string;
  logger: Logger;
  /** Waits between attempts; attempts = retryDelaysMs.length + 1. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
}): Notifier {
  const { logger } = options;
  const closing = new AbortController();
  const running = new Set<Promise<void>>();

  function track(work: Promise<void>): void {
    // Delivery never throws by design; a bug in a scheduled task must not become an unhandled
    // rejection that takes the host server process down with it.
    const guarded = work.catch((error: unknown) =>
      logger.error({ err: error }, 'sandbox notification task failed'),
    );
    running.add(guarded);
    void guarded.finally(() => running.delete(guarded));
  }

  async function post(record: NotificationRecord, copy: number): Promise<boolean> {
    const attempt: NotificationRecord['attempts'][number] = {
      at: new Date(),
      copy,
      status: null,
      error: null,
    };
    record.attempts.push(attempt);
    try {
      // Signed per attempt: a retry hours later must still fall inside the receiver's tolerance.
      const response = await fetch(record.notifyUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SANDBOX_SIGNATURE_HEADER]: signSandboxNotification({
            secret: options.secret,
            body: record.body,
          }),
          'user-agent': 'ducat-sandbox-provider/1',
        },
        body: record.body,
        redirect: 'manual',
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      attempt.status = response.status;
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  async function deliver(record: NotificationRecord, copy: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (closing.signal.aborted) return;
      if (await post(record, copy)) {
        record.acknowledged = true;
        return;
      }
      const delay = options.retryDelaysMs[attempt];
      if (delay === undefined) {
        logger.warn(
          { notificationId: record.notificationId, attempts: attempt + 1 },
          'sandbox notification given up: the receiver never answered 2xx',
        );
        return;
      }
      try {
        await sleep(delay, undefined, { signal: closing.signal });
      } catch {
        return;
      }
    }
  }

  return {
    send(record, copies = 1) {
      for (let copy = 1; copy <= copies; copy++) track(deliver(record, copy));
    },
    later(delayMs, task) {
      track(
        sleep(delayMs, undefined, { signal: closing.signal }).then(task, () => {
          // Closed before the delay ran out: the task is dropped, as if the provider went down.
        }),
      );
    },
    async close() {
      closing.abort();
      await Promise.allSettled([...running]);
    },
  };
}
