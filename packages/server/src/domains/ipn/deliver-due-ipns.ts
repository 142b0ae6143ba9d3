import { and, eq, inArray, isNull, lt, lte, notLike, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { ipnAttempts, ipnDeliveries } from '../../db/schema/index.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { randomToken } from '../../infra/secrets.js';
import { logIpnAttempt } from '../logs/log-ipn-attempt.js';
import type { CredentialCache } from '../merchants/credential-cache.js';
import { type IpnAttemptResult, type IpnDeliveryRow, postIpn } from './post-ipn.js';

export type IpnRetryConfig = {
  /** Retry n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  baseDelayMs: number;
  maxDelayMs: number;
};

export type IpnDeliveryConfig = IpnRetryConfig & {
  timeoutMs: number;
  /** IPNs posted at once by one call. */
  concurrency: number;
  /** Also post to loopback and private addresses (see postIpn). */
  allowPrivateNetworks?: boolean | undefined;
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
          // `ducat listen` sessions take their own (streamed, not posted).
          notLike(ipnDeliveries.url, 'cli:%'),
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

/** One attempt's result, waiting to be written with the others that finished meanwhile. */
type Finished = {
  claimed: { row: IpnDeliveryRow; token: string };
  result: IpnAttemptResult;
  outcome: Exclude<Outcome, 'lost'>;
  set: Partial<typeof ipnDeliveries.$inferInsert>;
  done: (outcome: Outcome) => void;
  fail: (error: unknown) => void;
};

/** What an attempt's result makes of its delivery (the write itself is batched, see below). */
function outcomeOf(
  options: DeliverDueIpnsOptions,
  row: IpnDeliveryRow,
  result: IpnAttemptResult,
): Pick<Finished, 'outcome' | 'set'> {
  const finishedAt = (options.now ?? (() => new Date()))();
  if (result.ok)
    return { outcome: 'delivered', set: { status: 'delivered', deliveredAt: finishedAt } };
  if (result.attemptedAt.getTime() >= row.giveUpAt.getTime()) {
    // The attempt made at (or after) the end of the window was the last one.
    return { outcome: 'failed', set: { status: 'failed' } };
  }
  const delay = retryDelayMs({
    baseDelayMs: options.baseDelayMs,
    maxDelayMs: options.maxDelayMs,
    attempt: row.attempts + 1,
    random: options.random,
  });
  // The last retry lands on the end of the window rather than past it (due at once when an
  // attempt that started inside the window ended after it).
  const next = Math.min(finishedAt.getTime() + delay, row.giveUpAt.getTime());
  return { outcome: 'retrying', set: { nextAttemptAt: new Date(next) } };
}

/**
 * Writes the outcomes of attempts that finished together in one transaction: one multi-row
 * insert of the attempts, one locking read of the claims, one update for all the delivered ones
 * and one per retry. Under load that is a handful of statements and one commit for a whole
 * batch of IPNs instead of four statements and a commit each.
 */
async function recordOutcomes(db: Db, batch: Finished[]): Promise<Outcome[]> {
  return db.transaction(async (tx) => {
    // Logged even when the claim was lost: the merchant did receive (or refuse) this POST.
    await tx.insert(ipnAttempts).values(
      batch.map(({ claimed, result }) => ({
        deliveryId: claimed.row.id,
        attemptedAt: result.attemptedAt,
        trigger: 'schedule' as const,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        responseExcerpt: result.responseExcerpt,
        error: result.error,
      })),
    );
    const ids = batch.map((f) => f.claimed.row.id);
    const held = await tx
      .select({ id: ipnDeliveries.id, claimToken: ipnDeliveries.claimToken })
      .from(ipnDeliveries)
      .where(inArray(ipnDeliveries.id, ids))
      .for('update');
    const tokens = new Map(held.map((h) => [h.id, h.claimToken]));
    // The claim token is the fence: a worker whose claim lapsed (and was taken over) writes
    // nothing but its attempt log.
    const owned = batch.filter((f) => tokens.get(f.claimed.row.id) === f.claimed.token);
    const common = (f: Finished) => ({
      attempts: sql`${ipnDeliveries.attempts} + 1`,
      lastError: f.result.error,
      lockedUntil: null,
      claimToken: null,
    });
    // Delivered ones in one statement per status code (almost always one: 200).
    const delivered = owned.filter((f) => f.outcome === 'delivered');
    const byStatus = new Map<number | null, Finished[]>();
    for (const f of delivered) {
      byStatus.set(f.result.statusCode, [...(byStatus.get(f.result.statusCode) ?? []), f]);
    }
    for (const [statusCode, group] of byStatus) {
      const deliveredAt = sql.join(
        [
          sql`CASE ${ipnDeliveries.id}`,
          ...group.map((f) => sql`WHEN ${f.claimed.row.id} THEN ${f.set.deliveredAt}`),
          sql`END`,
        ],
        sql` `,
      );
      await tx
        .update(ipnDeliveries)
        .set({
          status: 'delivered',
          deliveredAt: sql`${deliveredAt}`,
          attempts: sql`${ipnDeliveries.attempts} + 1`,
          lastStatusCode: statusCode,
          lastError: null,
          lockedUntil: null,
          claimToken: null,
        })
        .where(
          inArray(
            ipnDeliveries.id,
            group.map((f) => f.claimed.row.id),
          ),
        );
    }
    for (const f of owned) {
      if (f.outcome === 'delivered') continue;
      await tx
        .update(ipnDeliveries)
        .set({ ...f.set, ...common(f), lastStatusCode: f.result.statusCode })
        .where(eq(ipnDeliveries.id, f.claimed.row.id));
    }
    const ownedSet = new Set(owned);
    return batch.map((f) => (ownedSet.has(f) ? f.outcome : 'lost'));
  });
}

/**
 * Collects finished attempts and writes them in batches: while one batch is being written, the
 * attempts that finish queue up and go in the next. Each lane awaits its own outcome, given only
 * once its batch committed.
 */
function createOutcomeRecorder(db: Db): {
  record(f: Omit<Finished, 'done' | 'fail'>): Promise<Outcome>;
} {
  let queue: Finished[] = [];
  let writing = false;
  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const outcomes = await recordOutcomes(db, batch);
        batch.forEach((f, i) => {
          f.done(outcomes[i] ?? 'lost');
        });
      } catch (error) {
        for (const f of batch) f.fail(error);
      }
    }
    writing = false;
  }
  return {
    record(f) {
      return new Promise<Outcome>((done, fail) => {
        queue.push({ ...f, done, fail });
        if (!writing) void drain();
      });
    },
  };
}

async function attemptOne(
  options: DeliverDueIpnsOptions,
  recorder: ReturnType<typeof createOutcomeRecorder>,
  claimed: { row: IpnDeliveryRow; token: string },
): Promise<Outcome> {
  const result = await postIpn({
    db: options.db,
    masterKey: options.masterKey,
    credentials: options.credentials,
    delivery: claimed.row,
    timeoutMs: options.timeoutMs,
    allowPrivateNetworks: options.allowPrivateNetworks,
    signal: options.signal,
    now: options.now,
    logger: options.logger,
  });
  const outcome = await recorder.record({
    claimed,
    result,
    ...outcomeOf(options, claimed.row, result),
  });
  // A lost claim wrote no attempt (another worker owns the delivery): nothing to show either.
  if (options.redis && outcome !== 'lost') {
    await logIpnAttempt({
      redis: options.redis,
      logger: options.logger,
      delivery: claimed.row,
      trigger: 'schedule',
      result,
    });
  }
  return outcome;
}

export type DeliverDueIpnsOptions = IpnDeliveryConfig & {
  db: Db;
  masterKey: Buffer;
  /** The process's memo of decrypted credentials (see credential-cache.ts). */
  credentials?: CredentialCache | undefined;
  logger?: Logger;
  /** Where each attempt is put in its merchant's log (`ducat logs tail`); none: not logged. */
  redis?: RedisClient | undefined;
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
  const recorder = createOutcomeRecorder(options.db);
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
        const outcome = await attemptOne(options, recorder, claimed);
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
