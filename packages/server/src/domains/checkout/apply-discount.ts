import { and, eq, sql } from 'drizzle-orm';
import { affectedRows } from '../../db/errors.js';
import { orders, providerPayments } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { outbox } from '../../events/index.js';
import { withLock } from '../../infra/locks.js';
import {
  holdCampaignReservation,
  releaseCampaignReservation,
  reserveCampaignBudget,
} from '../campaigns/campaign-budget.js';
import {
  campaignForCode,
  type DiscountCandidate,
  eligibleCampaigns,
} from '../campaigns/eligible-campaigns.js';
import type { OrderRow } from '../orders/order-record.js';
import { riskKeys } from '../risk/feature-store.js';
import { assertNotInMaintenance } from '../settings/check-maintenance.js';
import { type CheckoutView, checkoutView } from './checkout-view.js';
import { reload } from './complete-payment.js';
import { expireOrder } from './expire-order.js';
import { claimsOf, orderBusy, orderForClaims } from './order-for-token.js';
import type { PaymentServices } from './payment-services.js';

/** Whether money may already be moving for this order at the amount it has now. */
async function paymentInProgress(services: PaymentServices, row: OrderRow): Promise<boolean> {
  if ((await services.redis.exists(riskKeys.hold(row.id))) === 1) return true;
  const [started] = await services.db
    .select({ id: providerPayments.id })
    .from(providerPayments)
    .where(
      and(
        eq(providerPayments.orderId, row.id),
        eq(providerPayments.purpose, 'order'),
        eq(providerPayments.status, 'created'),
      ),
    )
    .limit(1);
  return started !== undefined;
}

/**
 * Applies a campaign discount to an open order at checkout: the best campaign the order (and
 * the logged-in shopper, if any) qualifies for, or the one a typed code names. The order's
 * share of the campaign budget is reserved atomically (reserveCampaignBudget), and in the same
 * transaction the order's charged `amount` drops to gross less discount, fenced by its version;
 * the token keeps binding the gross amount. Under the order's lock, like every payment step.
 *
 * Without a code, an order that already holds a discount keeps it (safe to repeat, as the page
 * asks on every load); when every candidate's budget is used up the order simply gets none. A
 * code replaces the order's discount (the old share is released in the same transaction) or is
 * refused with a typed error, changing nothing. While a payment may be moving at the current
 * amount (a provider payment started, a wallet payment held for review) the discount is locked.
 */
export async function applyDiscount(options: {
  services: PaymentServices;
  token: string;
  shopperId: string | null;
  code?: string | undefined;
  now?: Date;
}): Promise<CheckoutView> {
  const { services } = options;
  const now = options.now ?? new Date();
  const claims = await claimsOf(services, options.token);
  await assertNotInMaintenance({ settings: services.settings, now });
  return withLock(
    { redis: services.redis, key: `order:${claims.orderId}`, ttlMs: services.config.lockTtlMs },
    async () => {
      let { row, archived } = await orderForClaims({ services, claims });
      if (!archived && row.status === 'created' && row.expiresAt <= now) {
        row = await expireOrder({ services, row, now });
      }
      if (archived || row.status !== 'created') return checkoutView({ services, row });
      if (options.code === undefined && row.campaignId) return checkoutView({ services, row });
      let candidates: DiscountCandidate[];
      if (options.code !== undefined) {
        const typed = await campaignForCode({
          db: services.db,
          row,
          shopperId: options.shopperId,
          code: options.code,
          now,
        });
        if (typed.campaign.id === row.campaignId) return checkoutView({ services, row });
        candidates = [typed];
      } else {
        candidates = await eligibleCampaigns({
          db: services.db,
          row,
          shopperId: options.shopperId,
          now,
        });
        if (candidates.length === 0) return checkoutView({ services, row });
      }
      if (await paymentInProgress(services, row)) {
        throw new AppError('discount_locked', {
          message: 'A payment for this order is in progress; the discount cannot change now.',
        });
      }
      const next = await services.db.transaction(async (tx) => {
        let chosen: DiscountCandidate | undefined;
        for (const candidate of candidates) {
          const taken = await reserveCampaignBudget({
            tx,
            campaignId: candidate.campaign.id,
            amount: candidate.discount,
            now,
          });
          if (taken) {
            chosen = candidate;
            break;
          }
        }
        if (!chosen) {
          if (options.code === undefined) return undefined;
          throw new AppError('campaign_budget_exhausted', {
            message: 'This code has been used up.',
            field: 'code',
          });
        }
        if (row.campaignId) await releaseCampaignReservation({ tx, orderId: row.id, now });
        await holdCampaignReservation({
          tx,
          orderId: row.id,
          campaignId: chosen.campaign.id,
          amount: chosen.discount,
          currency: row.currency,
          now,
        });
        const gross = Number(row.grossAmount);
        const amount = gross - chosen.discount;
        const result = await tx
          .update(orders)
          .set({
            amount,
            discountAmount: chosen.discount,
            campaignId: chosen.campaign.id,
            version: sql`${orders.version} + 1`,
            updatedAt: now,
          })
          .where(
            and(
              eq(orders.id, row.id),
              eq(orders.version, row.version),
              eq(orders.status, 'created'),
            ),
          );
        // The order moved on (a lock lost to a pause): roll the reservation back with it.
        if (affectedRows(result) !== 1) throw orderBusy();
        await outbox.append({
          tx,
          type: 'order.discount_applied',
          aggregateId: row.id,
          payload: {
            orderId: row.id,
            merchantId: row.merchantId,
            mode: row.mode,
            campaignId: chosen.campaign.id,
            previousCampaignId: row.campaignId ?? null,
            grossAmount: gross,
            discountAmount: chosen.discount,
            amount,
            currency: row.currency,
            shopperId: options.shopperId,
          },
          occurredAt: now,
        });
        return true;
      });
      if (!next) return checkoutView({ services, row });
      return checkoutView({ services, row: await reload(services, row.id) });
    },
    () => {
      throw orderBusy();
    },
  );
}
