import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { affectedRows } from '../../db/errors.js';
import { ipnAttempts, ipnDeliveries } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../infra/logger.js';
import type { RedisClient } from '../../infra/redis.js';
import { randomToken } from '../../infra/secrets.js';
import { logIpnAttempt } from '../logs/log-ipn-attempt.js';
import { type Actor, recordAudit } from '../staff/record-audit.js';
import { defaultLeaseMs } from './deliver-due-ipns.js';
import {
  type IpnAttemptSummary,
  type IpnDeliverySummary,
  toIpnAttemptSummary,
  toIpnDeliverySummary,
} from './ipn-record.js';
import { postIpn, recordIpnAttempt } from './post-ipn.js';

/**
 * A manual resend: one attempt now, logged with trigger `manual`. A 2xx marks the delivery
 * delivered (also a `failed` one: the merchant fixed their endpoint after the window); the
 * schedule (attempt count, next attempt, give-up time) is left as it was, so a failed resend
 * neither delays nor hastens the automatic retries. It takes the same claim as the worker, so
 * the two never post one IPN at the same time.
 */
export async function resendIpn(options: {
  db: Db;
  /** Who asked: the resend and its outcome are audited. */
  actor: Actor;
  masterKey: Buffer;
  logger?: Logger;
  /** Where the attempt is put in the merchant's log (`ducat logs tail`); none: not logged. */
  redis?: RedisClient | undefined;
  merchantId: string;
  deliveryId: string;
  timeoutMs: number;
  allowPrivateNetworks?: boolean | undefined;
  leaseMs?: number;
  now?: () => Date;
}): Promise<{ delivery: IpnDeliverySummary; attempt: IpnAttemptSummary }> {
  const { db, merchantId, deliveryId } = options;
  const clock = options.now ?? (() => new Date());
  const now = clock();
  const token = randomToken(16);
  const leaseMs = options.leaseMs ?? defaultLeaseMs(options.timeoutMs);
  const mine = and(eq(ipnDeliveries.id, deliveryId), eq(ipnDeliveries.merchantId, merchantId));
  const claimed = await db
    .update(ipnDeliveries)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs), claimToken: token })
    .where(and(mine, or(isNull(ipnDeliveries.lockedUntil), lt(ipnDeliveries.lockedUntil, now))));
  const [row] = await db.select().from(ipnDeliveries).where(mine);
  // Another merchant's delivery is "not found", never "exists but not yours".
  if (!row) throw new AppError('not_found', { message: 'No such IPN.', field: 'deliveryId' });
  if (affectedRows(claimed) === 0 || row.claimToken !== token) {
    throw new AppError('ipn_delivery_in_flight', {
      details: { retryAfterMs: Math.max(0, (row.lockedUntil?.getTime() ?? 0) - now.getTime()) },
    });
  }

  const result = await postIpn({
    db,
    masterKey: options.masterKey,
    delivery: row,
    timeoutMs: options.timeoutMs,
    allowPrivateNetworks: options.allowPrivateNetworks,
    now: clock,
    logger: options.logger,
  });
  const outcome = await db.transaction(async (tx) => {
    const attemptId = await recordIpnAttempt({ tx, deliveryId, trigger: 'manual', result });
    const delivered = result.ok && row.status !== 'delivered';
    await tx
      .update(ipnDeliveries)
      .set({
        ...(delivered ? { status: 'delivered' as const, deliveredAt: clock() } : {}),
        lastStatusCode: result.statusCode,
        lastError: result.error,
        lockedUntil: null,
        claimToken: null,
      })
      .where(and(eq(ipnDeliveries.id, deliveryId), eq(ipnDeliveries.claimToken, token)));
    await recordAudit({
      tx,
      actor: options.actor,
      action: 'ipn.resent',
      targetType: 'ipn_delivery',
      targetId: deliveryId,
      merchantId,
      before: { status: row.status },
      after: { statusCode: result.statusCode, error: result.error, delivered: result.ok },
    });
    const [after] = await tx.select().from(ipnDeliveries).where(eq(ipnDeliveries.id, deliveryId));
    const [attempt] = await tx.select().from(ipnAttempts).where(eq(ipnAttempts.id, attemptId));
    if (!after || !attempt) {
      throw new AppError('internal_error', { internalMessage: 'ipn resend rows vanished' });
    }
    return { delivery: toIpnDeliverySummary(after), attempt: toIpnAttemptSummary(attempt) };
  });
  if (options.redis) {
    await logIpnAttempt({
      redis: options.redis,
      logger: options.logger,
      delivery: row,
      trigger: 'manual',
      result,
    });
  }
  return outcome;
}
