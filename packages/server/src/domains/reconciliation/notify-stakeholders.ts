import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  orderExceptions,
  orders,
  providerPayments,
  reconDifferences,
  staffUsers,
  stakeholderNotifications,
} from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import type { Logger } from '../../infra/logger.js';
import type { Mailer } from '../../infra/mailer.js';

type Item = { type: string; id: string; summary: string };

const LIMIT = 100;
const notYetTold = (type: string, id: unknown) =>
  sql`NOT EXISTS (SELECT 1 FROM stakeholder_notifications n
        WHERE n.subject_type = ${type} AND n.subject_id = ${id})`;

/**
 * Tells stakeholders, once each, about new reconciliation differences, orders and provider
 * payments the stuck checker flagged, and open exceptions: one digest e-mail per tick to the
 * configured addresses (else every active platform admin and finance member) and one event.
 *
 * The subjects are claimed (unique key) in the transaction that sends the mail: a failed send
 * rolls the claims back for the next tick, and two processes never mail the same subject. A crash
 * after the send and before the commit mails it again: at least once, never silently lost.
 */
export async function notifyStakeholders(options: {
  db: Db;
  mailer: Mailer;
  logger: Logger;
  recipients: readonly string[];
}): Promise<{ items: number; recipients: number }> {
  const { db } = options;
  const differences = await db
    .select()
    .from(reconDifferences)
    .where(and(eq(reconDifferences.status, 'open'), notYetTold('difference', reconDifferences.id)))
    .orderBy(reconDifferences.createdAt)
    .limit(LIMIT);
  const stuck = await db
    .select({ id: orders.id, merchantId: orders.merchantId, flaggedAt: orders.flaggedAt })
    .from(orders)
    .where(
      and(
        eq(orders.status, 'created'),
        isNotNull(orders.flaggedAt),
        notYetTold('stuck_order', orders.id),
      ),
    )
    .limit(LIMIT);
  const silent = await db
    .select({ id: providerPayments.id, provider: providerPayments.provider })
    .from(providerPayments)
    .where(
      and(
        eq(providerPayments.status, 'created'),
        isNotNull(providerPayments.flaggedAt),
        notYetTold('stuck_payment', providerPayments.id),
      ),
    )
    .limit(LIMIT);
  const exceptions = await db
    .select()
    .from(orderExceptions)
    .where(and(eq(orderExceptions.status, 'open'), notYetTold('exception', orderExceptions.id)))
    .limit(LIMIT);
  const items: Item[] = [
    ...differences.map((d) => ({
      type: 'difference',
      id: d.id,
      summary: `${d.category.replaceAll('_', ' ')}: ${d.kind} ${d.subjectId}${d.merchantId ? ` (merchant ${d.merchantId})` : ''}, ${d.currency} delta ${d.delta}`,
    })),
    ...stuck.map((o) => ({
      type: 'stuck_order',
      id: o.id,
      summary: `order ${o.id} of ${o.merchantId} stuck since ${o.flaggedAt?.toISOString() ?? '?'}`,
    })),
    ...silent.map((p) => ({
      type: 'stuck_payment',
      id: p.id,
      summary: `provider payment ${p.id} at ${p.provider} has no answer`,
    })),
    ...exceptions.map((x) => ({
      type: 'exception',
      id: x.id,
      summary: `exception ${x.kind} on order ${x.orderId}: ${x.amount} ${x.currency} in suspense`,
    })),
  ];
  if (items.length === 0) return { items: 0, recipients: 0 };
  const recipients =
    options.recipients.length > 0
      ? [...options.recipients]
      : (
          await db
            .select({ email: staffUsers.email })
            .from(staffUsers)
            .where(
              and(
                inArray(staffUsers.role, ['admin', 'finance']),
                isNull(staffUsers.merchantId),
                isNull(staffUsers.disabledAt),
              ),
            )
        ).map((s) => s.email);
  return db.transaction(async (tx) => {
    const claimed: Item[] = [];
    for (const item of items) {
      const [result] = await tx
        .insert(stakeholderNotifications)
        .ignore()
        .values({ subjectType: item.type, subjectId: item.id });
      if (result.affectedRows === 1) claimed.push(item);
    }
    if (claimed.length === 0) return { items: 0, recipients: 0 };
    await outbox.append({
      tx,
      type: 'reconciliation.stakeholders_notified',
      aggregateId: 'stakeholders',
      payload: { recipients: recipients.length, items: claimed },
    });
    const counts = new Map<string, number>();
    for (const item of claimed) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
    const subject = digestSubject(counts);
    const text = [
      'These need a look (admin portal: reconciliation and exceptions):',
      '',
      ...claimed.map((item) => `- [${item.type}] ${item.id}: ${item.summary}`),
      '',
    ].join('\n');
    for (const to of recipients) await options.mailer.send({ to, subject, text });
    if (recipients.length === 0) {
      options.logger.warn('stakeholder notification with no recipient: set RECON_NOTIFY_EMAILS');
    }
    return { items: claimed.length, recipients: recipients.length };
  });
}

/**
 * "Ducat: 1 stuck payment needs attention", "Ducat: 2 differences, 1 exception need attention":
 * the verb agrees with the list (one item: singular).
 */
export function digestSubject(counts: ReadonlyMap<string, number>): string {
  const parts = [...counts].map(
    ([type, n]) => `${n} ${type.replaceAll('_', ' ')}${n === 1 ? '' : 's'}`,
  );
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return `Ducat: ${parts.join(', ')} ${total === 1 ? 'needs' : 'need'} attention`;
}
