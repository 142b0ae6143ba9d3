import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { affectedRows, isDuplicateKey } from '../db/errors.js';
import { idempotencyKeys } from '../db/schema/index.js';
import { AppError, type ErrorCode, isAppError } from '../errors.js';

/** What an Idempotency-Key header may hold (the REST document publishes it). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyOptions<T> = {
  db: Db;
  /** Who owns the key, e.g. `mch_123:test`. Keys of different owners never collide. */
  scope: string;
  key: string;
  /** The operation name (procedure path); part of the fingerprint. */
  operation: string;
  input: unknown;
  /** How long a key is remembered (at least 24 h). */
  ttlHours: number;
  /**
   * The in-flight claim's lease (default 5 s): renewed every third of it while the holder runs,
   * so a holder that died frees the key within one lease and a live one keeps it however long
   * it takes.
   */
  lockMs?: number;
  /** How often a live holder renews its claim; a third of `lockMs` unless set (tests play a
   * holder whose process is paused, and so renews nothing, with a long one). */
  renewEveryMs?: number;
} & (
  | {
      /** The mutation. Runs in the transaction that also records its result. */
      run: (tx: Tx) => Promise<T>;
      outside?: never;
    }
  | {
      /**
       * A mutation that calls another system (a provider) and writes through its own short
       * transactions: it runs with no transaction open, so a slow provider holds no pooled
       * connection and no lock, and its result is recorded afterwards. It must be idempotent on
       * the key itself (derive ids from it), because a holder that dies after the effect and
       * before the record is re-run by the next request with the key.
       */
      outside: () => Promise<T>;
      run?: never;
    }
);

export type IdempotentResult<T> = { replayed: boolean; data: T };

type StoredResponse =
  | { ok: true; data: unknown }
  | {
      ok: false;
      error: {
        code: ErrorCode;
        message: string;
        field?: string;
        details?: Record<string, unknown>;
      };
    };

/** Stable JSON: object keys sorted, undefined dropped, so equal inputs hash equally. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? JSON.stringify(value.toString()) : JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function fingerprintOf(operation: string, input: unknown): string {
  return createHash('sha256')
    .update(operation)
    .update('\n')
    .update(canonicalJson(input))
    .digest('hex');
}

function replay<T>(response: StoredResponse): IdempotentResult<T> {
  if (response.ok) return { replayed: true, data: response.data as T };
  throw new AppError(response.error.code, {
    message: response.error.message,
    field: response.error.field,
    details: { ...response.error.details, replayed: true },
  });
}

/**
 * Refusals that say "not now" rather than "no": not recorded under the key, so a retry with the
 * same key runs again instead of replaying them. `order_busy` is thrown before the holder of
 * another request's order lock lets this one act, so nothing of this request happened.
 */
const PASSING_REFUSALS = new Set<ErrorCode>(['idempotency_key_in_use', 'order_busy']);

/** How long a claim outlives a holder that stopped renewing it (it died or hung). */
export const CLAIM_LEASE_MS = 5_000;

/**
 * Runs a mutation at most once per (scope, key).
 *
 * - first request: claims the key (a row `in_flight`), runs the mutation, and records its result in
 *   the mutation's own transaction, so the result is stored exactly when the effect commits;
 * - same key, same input, after completion: the stored result, `replayed: true` (refusals with a
 *   client error are stored and replayed too, as Stripe does);
 * - same key, other input: `idempotency_key_reused`, nothing runs;
 * - same key while the first is still running: `idempotency_key_in_use` with `retryAfterMs`;
 * - a holder that died: its claim is a lease of `lockMs` (5 s) that a live holder renews every
 *   third of it, so it lapses within one lease and the next request takes over. Every write of
 *   the outcome is fenced on the claim's owner token, so a slow holder that lost its claim
 *   cannot record (or commit) a second outcome.
 */
export async function runIdempotent<T>(
  options: IdempotencyOptions<T>,
): Promise<IdempotentResult<T>> {
  const { db, scope, key, operation } = options;
  if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new AppError('idempotency_key_invalid', {
      message: 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.',
      field: 'Idempotency-Key',
    });
  }
  const lockMs = options.lockMs ?? CLAIM_LEASE_MS;
  const fingerprint = fingerprintOf(operation, options.input);
  const owner = randomBytes(18).toString('base64url');
  const lockedUntil = () => new Date(Date.now() + lockMs);
  const where = and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));

  let claimed = false;
  for (let attempt = 0; attempt < 3 && !claimed; attempt++) {
    try {
      await db.insert(idempotencyKeys).values({
        scope,
        key,
        fingerprint,
        operation,
        status: 'in_flight',
        owner,
        lockedUntil: lockedUntil(),
        expiresAt: new Date(Date.now() + options.ttlHours * 3_600_000),
      });
      claimed = true;
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const [row] = await db.select().from(idempotencyKeys).where(where).limit(1);
    if (!row) continue; // purged between our insert and select: try again
    const now = Date.now();
    if (row.expiresAt.getTime() <= now) {
      // Expired but not yet purged: it no longer counts.
      await db
        .delete(idempotencyKeys)
        .where(
          and(where, eq(idempotencyKeys.id, row.id), lt(idempotencyKeys.expiresAt, new Date(now))),
        );
      continue;
    }
    if (row.fingerprint !== fingerprint) {
      throw new AppError('idempotency_key_reused', {
        message: 'This Idempotency-Key was already used with different parameters.',
        field: 'Idempotency-Key',
      });
    }
    if (row.status === 'completed') return replay<T>(row.response as StoredResponse);
    const remaining = row.lockedUntil.getTime() - now;
    if (remaining > 0) {
      throw new AppError('idempotency_key_in_use', {
        message: 'A request with this Idempotency-Key is still in progress; retry shortly.',
        field: 'Idempotency-Key',
        details: { retryAfterMs: Math.min(Math.max(remaining, 100), 1_000) },
      });
    }
    // The holder's claim lapsed (it crashed or hung): take over with a compare-and-set.
    const taken = await db
      .update(idempotencyKeys)
      .set({ owner, lockedUntil: lockedUntil() })
      .where(
        and(
          eq(idempotencyKeys.id, row.id),
          eq(idempotencyKeys.status, 'in_flight'),
          eq(idempotencyKeys.owner, row.owner),
        ),
      );
    if (affectedRows(taken) === 1) claimed = true;
  }
  if (!claimed) {
    throw new AppError('idempotency_key_in_use', {
      message: 'A request with this Idempotency-Key is still in progress; retry shortly.',
      field: 'Idempotency-Key',
      details: { retryAfterMs: 500 },
    });
  }

  const mine = and(
    where,
    eq(idempotencyKeys.owner, owner),
    eq(idempotencyKeys.status, 'in_flight'),
  );
  // Fenced on our owner token: a renewal never extends a claim another request took over.
  const renewal = setInterval(
    () => {
      db.update(idempotencyKeys)
        .set({ lockedUntil: lockedUntil() })
        .where(mine)
        .then(
          (renewed) => {
            if (affectedRows(renewed) !== 1) clearInterval(renewal);
          },
          // The database unreachable for a moment: the next tick tries again.
          () => undefined,
        );
    },
    options.renewEveryMs ?? Math.max(Math.floor(lockMs / 3), 50),
  );
  renewal.unref();
  try {
    if (options.outside) {
      const result = await options.outside();
      const stored: StoredResponse = { ok: true, data: result };
      // Fenced like the in-transaction record; when the claim was taken over meanwhile, the new
      // holder re-runs the (key-idempotent) effect and records the same outcome, so this answer
      // stands either way.
      await db
        .update(idempotencyKeys)
        .set({
          status: 'completed',
          response: JSON.parse(JSON.stringify(stored)),
          responseStatus: 200,
        })
        .where(mine);
      return { replayed: false, data: result };
    }
    const run = options.run;
    const data = await db.transaction(async (tx) => {
      const result = await run(tx);
      const stored: StoredResponse = { ok: true, data: result };
      const done = await tx
        .update(idempotencyKeys)
        .set({
          status: 'completed',
          response: JSON.parse(JSON.stringify(stored)),
          responseStatus: 200,
        })
        .where(mine);
      if (affectedRows(done) !== 1) {
        // Our claim was taken over while we ran: roll our effect back; the new holder decides.
        throw new AppError('idempotency_key_in_use', {
          message: 'A request with this Idempotency-Key is still in progress; retry shortly.',
          field: 'Idempotency-Key',
          details: { retryAfterMs: 500 },
        });
      }
      return result;
    });
    return { replayed: false, data };
  } catch (error) {
    if (isAppError(error) && error.status < 500 && !PASSING_REFUSALS.has(error.code)) {
      const stored: StoredResponse = {
        ok: false,
        error: {
          code: error.code,
          message: error.userMessage,
          ...(error.field ? { field: error.field } : {}),
          ...(error.details ? { details: error.details } : {}),
        },
      };
      await db
        .update(idempotencyKeys)
        .set({ status: 'completed', response: stored, responseStatus: error.status })
        .where(mine);
    } else if (!(isAppError(error) && error.code === 'idempotency_key_in_use')) {
      // Unexpected failure, or a passing refusal: nothing committed, so free the key for a retry.
      await db.delete(idempotencyKeys).where(mine);
    }
    throw error;
  } finally {
    clearInterval(renewal);
  }
}

/** Deletes keys past their retention; returns how many. Run periodically by a job. */
export async function purgeExpiredIdempotencyKeys(options: { db: Db; now?: Date; limit?: number }) {
  const result = await options.db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, options.now ?? sql`CURRENT_TIMESTAMP(3)`))
    .limit(options.limit ?? 5_000);
  return affectedRows(result);
}
