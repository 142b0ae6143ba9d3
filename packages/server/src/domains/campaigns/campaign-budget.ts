import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { affectedRows } from '../../db/errors.js';
import { campaignReservations, campaigns } from '../../db/schema/index.js';

/**
 * Takes `amount` from a campaign's budget, atomically: one conditional UPDATE that succeeds only
 * while the campaign runs and the rest of the budget covers it. No read-then-write, so however
 * many checkouts race, the sum reserved never passes the budget (each UPDATE takes the row lock
 * and re-checks the condition on the current row). False: nothing was taken.
 */
export async function reserveCampaignBudget(options: {
  tx: Tx;
  campaignId: string;
  amount: number;
  now: Date;
}): Promise<boolean> {
  const { tx, amount, now } = options;
  const result = await tx
    .update(campaigns)
    .set({ budgetReserved: sql`${campaigns.budgetReserved} + ${amount}`, updatedAt: now })
    .where(
      and(
        eq(campaigns.id, options.campaignId),
        eq(campaigns.state, 'scheduled'),
        lte(campaigns.startsAt, now),
        gt(campaigns.endsAt, now),
        sql`${campaigns.budgetReserved} + ${amount} <= ${campaigns.budgetTotal}`,
      ),
    );
  return affectedRows(result) === 1;
}

/**
 * Gives an order's reserved share back to its campaign (the checkout failed, expired or was
 * cancelled, or the shopper typed another campaign's code). The reservation row is locked first,
 * so a release racing another release (or a consume) happens once. A paused or ended campaign
 * gets its budget back too: it only counts what was given.
 */
export async function releaseCampaignReservation(options: {
  tx: Tx;
  orderId: string;
  now: Date;
}): Promise<number> {
  const { tx, now } = options;
  const [held] = await tx
    .select()
    .from(campaignReservations)
    .where(eq(campaignReservations.orderId, options.orderId))
    .for('update');
  if (held?.status !== 'reserved') return 0;
  await tx
    .update(campaignReservations)
    .set({ status: 'released', updatedAt: now })
    .where(eq(campaignReservations.orderId, options.orderId));
  await tx
    .update(campaigns)
    .set({ budgetReserved: sql`${campaigns.budgetReserved} - ${held.amount}`, updatedAt: now })
    .where(eq(campaigns.id, held.campaignId));
  return Number(held.amount);
}

/** The order was paid: its share is spent for good (it stays counted in `budget_reserved`). */
export async function consumeCampaignReservation(options: {
  tx: Tx;
  orderId: string;
  now: Date;
}): Promise<void> {
  await options.tx
    .update(campaignReservations)
    .set({ status: 'consumed', updatedAt: options.now })
    .where(
      and(
        eq(campaignReservations.orderId, options.orderId),
        eq(campaignReservations.status, 'reserved'),
      ),
    );
}

/** Records (or replaces) the order's reservation after `reserveCampaignBudget` took it. */
export async function holdCampaignReservation(options: {
  tx: Tx;
  orderId: string;
  campaignId: string;
  amount: number;
  currency: string;
  now: Date;
}): Promise<void> {
  const { tx, now } = options;
  await tx
    .insert(campaignReservations)
    .values({
      orderId: options.orderId,
      campaignId: options.campaignId,
      amount: options.amount,
      currency: options.currency,
      status: 'reserved',
      createdAt: now,
      updatedAt: now,
    })
    .onDuplicateKeyUpdate({
      set: {
        campaignId: options.campaignId,
        amount: options.amount,
        status: 'reserved',
        updatedAt: now,
      },
    });
}
