import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { affectedRows } from '../../db/errors.js';
import { ipnDeliveries } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
import { randomToken } from '../../infra/secrets.js';
import type { CredentialCache } from '../merchants/credential-cache.js';
import { type IpnDeliveryRow, postIpn, recordIpnAttempt } from './post-ipn.js';

export type IpnRetryConfig = {
  /** Retry n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
};

export type IpnDeliveryConfig = IpnRetryConfig & {
  timeoutMs: number;
  /** IPNs posted at once by one call. */
  concurrency: number;
  /**
   * How long a claim lasts. Must outlast one attempt (secrets, the POST, the write) or another
   * worker re-posts an IPN still in flight; a crashed worker's claims lapse after it.
   */
  leaseMs?: number;
};

/** Idle lanes look again this often while other lanes are still busy (see deliverDueIpns). */
const IDLE_POLL_MS = 200;

export function defaultLeaseMs(timeoutMs: number): number {
  return timeoutMs + 60_000;
}

/**
 * Exponential backoff with full jitter: spreads the retries of many IPNs that failed together
 * (one merchant's outage) instead of sending them back in waves.
 */
export function retryDelayMs(
  options: IpnRetryConfig & { attempt: number; random?: () => number },
): number {
  const exponent = Math.min(Math.max(options.attempt - 1, 0), 40);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/**
 * Claims up to `limit` deliveries that are due: pending, their next attempt reached, and not
 * claimed by a live worker (no lease, or one that lapsed: its worker died). SKIP LOCKED: a worker
 * never waits on rows another worker is claiming (and so never deadlocks with one), it takes the
 * next. The random token is this claim's fence: only its holder may write the outcomes. One
 * transaction for the whole claim: under load that is one commit for many IPNs.
 */
export async function claimDueIpns(options: {
  db: Db;
  now: Date;
  leaseMs: number;
  limit: number;
}): Promise<{ row: IpnDeliveryRow; token: string }[]> {
  const { now } = options;
  const token = randomToken(16);
  return options.db.transaction(async (tx) => {
    const candidates = await tx
      .select({ id: ipnDeliveries.id })
      .from(ipnDeliveries)
      .where(
        and(
          eq(ipnDeliveries.status, 'pending'),
          lte(ipnDeliveries.nextAttemptAt, now),
          or(isNull(ipnDeliveries.lockedUntil), lt(ipnDeliveries.lockedUntil, now)),
        ),
      )
      .orderBy(ipnDeliveries.nextAttemptAt)
      .limit(options.limit)
      .for('update', { skipLocked: true });
    if (candidates.length === 0) return [];
    const ids = candidates.map((c) => c.id);
    await tx
      .update(ipnDeliveries)
      .set({ lockedUntil: new Date(now.getTime() + options.leaseMs), claimToken: token })
      .where(inArray(ipnDeliveries.id, ids));
    const rows = await tx.select().from(ipnDeliveries).where(inArray(ipnDeliveries.id, ids));
    return rows.map((row) => ({ row, token }));
  });
}

/** Claims one due delivery (see claimDueIpns). */
export async function claimDueIpn(options: {
  db: Db;
  now: Date;
  leaseMs: number;
}): Promise<{ row: IpnDeliveryRow; token: string } | undefined> {
  const [claimed] = await claimDueIpns({ ...options, limit: 1 });
  return claimed;
}

export type DeliverDueIpnsResult = {
  delivered: number;
  retrying: number;
  failed: number;
  /** Attempts whose claim lapsed before their outcome was written (another worker owns it). */
  lost: number;
};

type Outcome = 'delivered' | 'retrying' | 'failed' | 'lost';

async function attemptOne(
  options: DeliverDueIpnsOptions,
  claimed: { row: IpnDeliveryRow; token: string },
): Promise<Outcome> {
  const { db } = options;
  const { row, token } = claimed;
  const result = await postIpn({
    db,
    masterKey: options.masterKey,
    credentials: options.credentials,
    delivery: row,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    now: options.now,
    logger: options.logger,
  });
  const attempts = row.attempts + 1;
  const finishedAt = (options.now ?? (() => new Date()))();
  let outcome: Outcome;
  let set: Partial<typeof ipnDeliveries.$inferInsert>;
  if (result.ok) {
    outcome = 'delivered';
    set = { status: 'delivered', deliveredAt: finishedAt };
  } else if (result.attemptedAt.getTime() >= row.giveUpAt.getTime()) {
    // The attempt made at (or after) the end of the window was the last one.
    outcome = 'failed';
    set = { status: 'failed' };
  } else {
    outcome = 'retrying';
    const delay = retryDelayMs({
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      attempt: attempts,
      random: options.random,
    });
    // The last retry lands on the end of the window rather than past it (due at once when an
    // attempt that started inside the window ended after it).
    const next = Math.min(finishedAt.getTime() + delay, row.giveUpAt.getTime());
    set = { nextAttemptAt: new Date(next) };
  }
  return db.transaction(async (tx) => {
    // Logged even when the claim was lost: the merchant did receive (or refuse) this POST.
    await recordIpnAttempt({ tx, deliveryId: row.id, trigger: 'schedule', result });
    const updated = await tx
      .update(ipnDeliveries)
      .set({
        ...set,
        attempts: sql`${ipnDeliveries.attempts} + 1`,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        lockedUntil: null,
        claimToken: null,
      })
      .where(and(eq(ipnDeliveries.id, row.id), eq(ipnDeliveries.claimToken, token)));
    return affectedRows(updated) === 1 ? outcome : 'lost';
  });
}

export type DeliverDueIpnsOptions = IpnDeliveryConfig & {
  db: Db;
  masterKey: Buffer;
  /** The process's memo of decrypted credentials (see credential-cache.ts). */
  credentials?: CredentialCache | undefined;
  logger?: Logger;
  /** Stops claiming and aborts posts in flight (their attempts are logged as aborted). */
  signal?: AbortSignal;
  now?: () => Date;
  random?: () => number;
};

/**
 * The delivery worker's step: posts every due IPN, `concurrency` at a time, and returns once
 * nothing is due and nothing is in flight. Each lane claims one delivery at a time, so an endpoint
 * that hangs holds one lane until its timeout while the others go on; idle lanes keep looking
 * while any lane is busy, so IPNs that fall due meanwhile are not held up either. Safe to run
 * in several processes at once (claims are exclusive), and after a crash (claims lapse).
 */
export async function deliverDueIpns(
  options: DeliverDueIpnsOptions,
): Promise<DeliverDueIpnsResult> {
  const clock = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? defaultLeaseMs(options.timeoutMs);
  const totals: DeliverDueIpnsResult = { delivered: 0, retrying: 0, failed: 0, lost: 0 };
  let busy = 0;
  // Lanes share one batch claim: whoever finds the queue empty claims up to `concurrency` rows
  // for everyone (their leases outlast the wait: at most one batch is ever queued).
  const queue: { row: IpnDeliveryRow; token: string }[] = [];
  let claiming: Promise<void> | undefined;
  async function nextClaimed(): Promise<{ row: IpnDeliveryRow; token: string } | undefined> {
    if (queue.length === 0) {
      claiming ??= claimDueIpns({
        db: options.db,
        now: clock(),
        leaseMs,
        limit: options.concurrency,
      })
        .then((rows) => {
          queue.push(...rows);
        })
        .finally(() => {
          claiming = undefined;
        });
      await claiming;
    }
    return queue.shift();
  }

  async function lane(): Promise<void> {
    while (!options.signal?.aborted) {
      const claimed = await nextClaimed();
      if (!claimed) {
        if (busy === 0) return;
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
        continue;
      }
      busy++;
      try {
        const outcome = await attemptOne(options, claimed);
        totals[outcome]++;
        if (outcome === 'lost') {
          options.logger?.warn(
            { deliveryId: claimed.row.id },
            'ipn claim lapsed during the attempt; another worker owns it now',
          );
        }
      } catch (error) {
        // The claim lapses and another run retries it; the merchant may get this IPN twice,
        // which the event id lets them ignore.
        options.logger?.error({ err: error, deliveryId: claimed.row.id }, 'ipn attempt failed');
      } finally {
        busy--;
      }
    }
  }

  // Settled, not all: a lane whose claim failed (database down) must not leave the others
  // running after this call has returned.
  const lanes = await Promise.allSettled(Array.from({ length: options.concurrency }, () => lane()));
  const failure = lanes.find((l) => l.status === 'rejected');
  if (failure) throw failure.reason;
  return totals;
}
