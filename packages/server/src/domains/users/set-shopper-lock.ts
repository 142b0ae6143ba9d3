import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { users } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import type { RedisClient } from '../../infra/redis.js';
import { destroyUserSessions } from '../../infra/sessions.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { type ShopperSummary, toShopperSummary } from './search-shoppers.js';

/**
 * Locks (or unlocks) a shopper: a locked shopper cannot log in (`account_locked`), and every
 * session they hold ends, so they cannot pay, deposit or withdraw. Under the user's row lock:
 * two staff changing it at once apply in turn; setting the state it already has changes nothing
 * (no event, no audit row of its own). The change, its `user.lock_changed` event and the audit
 * row commit together; the sessions are ended after the commit (a log-in racing the lock reads
 * the session generation first, so its session is stale from birth).
 *
 * A payment that had passed its checks before the lock committed still completes: the lock
 * stops what comes after it, it does not undo money already moving.
 */
export async function setShopperLock(options: {
  db: Db;
  redis: RedisClient;
  actor: Actor;
  userId: string;
  locked: boolean;
  reason?: string | undefined;
}): Promise<ShopperSummary> {
  const { db, actor, userId, locked } = options;
  const { summary, changed } = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!before) throw new AppError('not_found', { message: 'No such shopper.', field: 'userId' });
    if ((before.lockedAt !== null) === locked) {
      return { summary: toShopperSummary(before), changed: false };
    }
    const patch = locked
      ? { lockedAt: new Date(), lockedReason: options.reason ?? null }
      : { lockedAt: null, lockedReason: null };
    await tx
      .update(users)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(users.id, userId));
    await outbox.append({
      tx,
      type: 'user.lock_changed',
      aggregateId: userId,
      payload: { userId, locked, reason: options.reason ?? null, actorId: actor.id },
    });
    await recordAudit({
      tx,
      actor,
      action: locked ? 'shopper.locked' : 'shopper.unlocked',
      targetType: 'user',
      targetId: userId,
      before: { locked: before.lockedAt !== null, reason: before.lockedReason },
      after: { locked, reason: options.reason ?? null },
    });
    return { summary: toShopperSummary({ ...before, ...patch }), changed: true };
  });
  if (changed && locked) {
    await destroyUserSessions({ redis: options.redis, kind: 'shopper', userId });
  }
  return summary;
}

/** Refuses a locked shopper (log-in, and every shopper mutation). */
export async function assertShopperUnlocked(options: { db: Db; userId: string }): Promise<void> {
  const [row] = await options.db
    .select({ lockedAt: users.lockedAt })
    .from(users)
    .where(eq(users.id, options.userId));
  if (row?.lockedAt) throw new AppError('account_locked');
}
