import { and, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import {
  ledgerTransfers,
  orders,
  providerPayments,
  refunds,
  savedCards,
  withdrawals,
} from '../db/schema/index.js';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { INFLIGHT_KEY, recoverWalletPayment } from '../domains/checkout/recover-wallet-payment.js';
import { settleDeposit } from '../domains/checkout/settle-deposit.js';
import { settleProviderPayment } from '../domains/checkout/settle-provider-payment.js';
import { findLiveOrder } from '../domains/orders/order-record.js';
import { completeRefund } from '../domains/refunds/create-refund.js';
import { chargeDeposit } from '../domains/wallet/charge-deposit.js';
import { resolveWithdrawal } from '../domains/wallet/resolve-withdrawal.js';
import { withLock } from '../infra/locks.js';

export type StuckReport = {
  recovered: number;
  queried: number;
  settled: number;
  flaggedPayments: number;
  flaggedOrders: number;
  /** Deposits whose charge got no answer, charged again under the same id. */
  depositsRetried: number;
  /** Pending withdrawals asked again at the provider and settled from its answer. */
  withdrawalsSettled: number;
  /** Refunds left pending (process died, provider unreachable) completed now. */
  refundsCompleted: number;
};

/** A wallet payment this old that reached the ledger but not its order was interrupted. */
const RECOVERY_AGE_MS = 30_000;

/**
 * The stuck-order checker:
 * 1. open orders whose wallet payment is in the ledger (the process died in between) succeed;
 * 2. provider payments with no answer after PROVIDER_NO_ANSWER_MINUTES are queried at the
 *    provider and settled from its answer, or flagged when it still says pending;
 * 3. orders still open past their expiry plus ORDER_STUCK_GRACE_MINUTES are flagged for a human
 *    (the expiry sweeper should have ended them; something is holding them);
 * 4. wallet deposits whose card charge never got an answer (so no provider reference to query)
 *    are charged again under the same id, which the provider answers without charging twice;
 * 5. withdrawals still pending after PROVIDER_NO_ANSWER_MINUTES are asked again at the provider
 *    (same payout id: it pays at most once) and posted or voided from its answer;
 * 6. refunds still pending after a while (their process died between reserving and recording,
 *    or the provider did not answer) are completed under the order's lock: the ledger key and
 *    the provider refund id are the refund's, so the money moves at most once.
 */
const INFLIGHT_BATCH = 200;
const INFLIGHT_CONCURRENCY = 8;

/**
 * Wallet payments marked in flight for a while: their process died between the ledger and the
 * order (or an error left the outcome unknown). Settled from the ledger, then unmarked. The whole
 * backlog goes in one pass, a batch at a time, so it never grows faster than it drains; entries
 * whose order is locked right now (a request is paying it) are skipped and seen next pass.
 */
async function drainInflight(options: { services: PaymentServices; before: number }) {
  const { services } = options;
  let recovered = 0;
  let skipped = 0;
  // Bounded by what was due when the pass began, so a pass always ends.
  let budget = await services.redis.zcount(INFLIGHT_KEY, '-inf', options.before);
  while (budget > 0) {
    const batch = await services.redis.zrangebyscore(
      INFLIGHT_KEY,
      '-inf',
      options.before,
      'LIMIT',
      skipped,
      Math.min(INFLIGHT_BATCH, budget),
    );
    if (batch.length === 0) break;
    budget -= batch.length;
    const queue = [...batch];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const done = await withLock(
          { redis: services.redis, key: `order:${id}`, ttlMs: services.config.lockTtlMs },
          async () => {
            const row = await findLiveOrder({ db: services.db, orderId: id });
            const ok = row ? await recoverWalletPayment({ services, row }) : false;
            await services.redis.zrem(INFLIGHT_KEY, id);
            return ok ? 'recovered' : 'cleared';
          },
          () => 'busy' as const,
        );
        if (done === 'recovered') recovered++;
        if (done === 'busy') skipped++;
      }
    };
    await Promise.all(Array.from({ length: INFLIGHT_CONCURRENCY }, worker));
  }
  return recovered;
}

/**
 * Open orders whose wallet payment is in the ledger for a while, found in the database alone:
 * the in-flight marks live in Redis and a Redis replaced by an empty one (or a mark that could
 * not be written back) loses them, yet such an order must still end paid well before its expiry.
 * Found by the chaos suite: two orders charged and left `created` after a Redis restart.
 */
async function recoverFromLedger(options: { services: PaymentServices; before: Date }) {
  const { services } = options;
  // The ledger key of an order's wallet payment is payKey(order id): `order:<id>:pay`.
  const open = await services.db
    .select({ id: orders.id })
    .from(orders)
    .innerJoin(
      ledgerTransfers,
      eq(ledgerTransfers.idempotencyKey, sql`concat('order:', ${orders.id}, ':pay')`),
    )
    .where(
      and(
        eq(orders.status, 'created'),
        eq(ledgerTransfers.status, 'posted'),
        lt(ledgerTransfers.createdAt, options.before),
      ),
    )
    .limit(INFLIGHT_BATCH);
  let recovered = 0;
  for (const { id } of open) {
    const done = await withLock(
      { redis: services.redis, key: `order:${id}`, ttlMs: services.config.lockTtlMs },
      async () => {
        const row = await findLiveOrder({ db: services.db, orderId: id });
        return row ? recoverWalletPayment({ services, row }) : false;
      },
      () => false,
    );
    if (done) recovered++;
  }
  return recovered;
}

export async function checkStuck(options: {
  services: PaymentServices;
  now?: Date;
}): Promise<StuckReport> {
  const { services } = options;
  const now = options.now ?? new Date();
  // Staff may change it at run time (admin.settings: providerNoAnswerMinutes).
  const noAnswerMs = (await services.settings.current()).providerNoAnswerMinutes * 60_000;
  const report: StuckReport = {
    recovered: 0,
    queried: 0,
    settled: 0,
    flaggedPayments: 0,
    flaggedOrders: 0,
    depositsRetried: 0,
    withdrawalsSettled: 0,
    refundsCompleted: 0,
  };

  report.recovered = await drainInflight({ services, before: now.getTime() - RECOVERY_AGE_MS });
  report.recovered += await recoverFromLedger({
    services,
    before: new Date(now.getTime() - RECOVERY_AGE_MS),
  });

  const silent = await services.db
    .select()
    .from(providerPayments)
    .where(
      and(
        eq(providerPayments.status, 'created'),
        isNotNull(providerPayments.providerRef),
        lt(providerPayments.createdAt, new Date(now.getTime() - noAnswerMs)),
      ),
    )
    .limit(100);
  for (const payment of silent) {
    const adapter = services.providers.get(payment.provider);
    // A payment of a mode its provider does not serve is never settled (see settleProviderPayment).
    if (!adapter?.modes.includes(payment.mode) || !payment.providerRef) continue;
    report.queried++;
    try {
      const answer = await adapter.queryPayment({ providerRef: payment.providerRef });
      await services.db
        .update(providerPayments)
        .set({ lastQueriedAt: now })
        .where(eq(providerPayments.id, payment.id));
      if (answer.status === 'pending') {
        if (!payment.flaggedAt) {
          await services.db
            .update(providerPayments)
            .set({ flaggedAt: now })
            .where(eq(providerPayments.id, payment.id));
          report.flaggedPayments++;
          services.logger.warn(
            { paymentId: payment.id, orderId: payment.orderId },
            'provider payment has no answer: flagged',
          );
        }
        continue;
      }
      const outcome = {
        paymentId: payment.id,
        providerRef: payment.providerRef,
        status: answer.status,
        amount: answer.amount,
        currency: answer.currency,
        failureCode: answer.failureCode,
      };
      if (payment.purpose === 'deposit') await settleDeposit({ services, outcome });
      else await settleProviderPayment({ services, outcome });
      report.settled++;
    } catch (error) {
      services.logger.warn({ err: error, paymentId: payment.id }, 'provider query failed');
    }
  }

  const silentSince = new Date(now.getTime() - noAnswerMs);
  const unanswered = await services.db
    .select()
    .from(providerPayments)
    .where(
      and(
        eq(providerPayments.purpose, 'deposit'),
        eq(providerPayments.status, 'created'),
        isNull(providerPayments.providerRef),
        lt(providerPayments.createdAt, silentSince),
      ),
    )
    .limit(100);
  for (const payment of unanswered) {
    const [card] = payment.savedCardId
      ? await services.db.select().from(savedCards).where(eq(savedCards.id, payment.savedCardId))
      : [];
    if (!card || card.userId !== payment.userId) {
      // The card was removed before we learnt whether it was charged: a human looks.
      if (!payment.flaggedAt) {
        await services.db
          .update(providerPayments)
          .set({ flaggedAt: now })
          .where(eq(providerPayments.id, payment.id));
        report.flaggedPayments++;
        services.logger.warn({ paymentId: payment.id }, 'deposit without answer or card: flagged');
      }
      continue;
    }
    try {
      await chargeDeposit({ services, payment, token: card.providerToken });
      report.depositsRetried++;
    } catch (error) {
      services.logger.warn({ err: error, paymentId: payment.id }, 'deposit retry failed');
    }
  }

  const pendingWithdrawals = await services.db
    .select()
    .from(withdrawals)
    .where(and(eq(withdrawals.status, 'pending'), lt(withdrawals.createdAt, silentSince)))
    .limit(100);
  for (const withdrawal of pendingWithdrawals) {
    try {
      const settled = await resolveWithdrawal({ services, withdrawal });
      if (settled.status !== 'pending') report.withdrawalsSettled++;
    } catch (error) {
      services.logger.warn({ err: error, withdrawalId: withdrawal.id }, 'withdrawal retry failed');
    }
  }

  const pendingRefunds = await services.db
    .select()
    .from(refunds)
    .where(
      and(
        eq(refunds.status, 'pending'),
        lt(refunds.updatedAt, new Date(now.getTime() - RECOVERY_AGE_MS)),
      ),
    )
    .limit(100);
  for (const refund of pendingRefunds) {
    try {
      const completed = await withLock(
        { redis: services.redis, key: `order:${refund.orderId}`, ttlMs: services.config.lockTtlMs },
        () => completeRefund({ services, refund }),
        // Someone is working on the order right now (possibly this very refund): next round.
        () => undefined,
      );
      if (completed && completed.status !== 'pending') report.refundsCompleted++;
    } catch (error) {
      services.logger.warn({ err: error, refundId: refund.id }, 'pending refund not completed');
    }
  }

  const flagged = await services.db
    .update(orders)
    .set({ flaggedAt: now })
    .where(
      and(
        eq(orders.status, 'created'),
        lt(orders.expiresAt, new Date(now.getTime() - services.config.stuckGraceMs)),
        isNull(orders.flaggedAt),
      ),
    );
  report.flaggedOrders = Number((Array.isArray(flagged) ? flagged[0] : flagged)?.affectedRows ?? 0);
  if (report.flaggedOrders > 0) {
    services.logger.warn({ count: report.flaggedOrders }, 'orders stuck past expiry: flagged');
  }
  return report;
}
