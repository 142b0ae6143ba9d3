import { and, eq, gte, isNull } from 'drizzle-orm';
import type { Pool } from 'mysql2/promise';
import { reconRuns } from '../db/schema/index.js';
import type { PaymentServices } from '../domains/checkout/payment-services.js';
import { fetchDailySettlements } from '../domains/reconciliation/fetch-daily-settlements.js';
import { reconDepsFrom } from '../domains/reconciliation/recon-deps.js';
import { runReconciliation } from '../domains/reconciliation/run-reconciliation.js';

const DAY_MS = 86_400_000;

/** Midnight UTC of the day containing `at`. */
function dayStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/**
 * The daily reconciliation: once per UTC day, each of the last `lookbackDays` days (yesterday
 * first) gets its providers' settlement files (that day's and the next's, where late lines of
 * the day land) and a platform-wide run. Rerunning a day is what lets a timing difference (settled
 * the next day) resolve itself. The job ticks hourly and skips days already reconciled today, so
 * a restart or a second process costs nothing; two processes at once meet on the run's unique
 * scope and one of them does the work.
 */
export async function reconcileDaily(options: {
  services: PaymentServices;
  pool?: Pool;
  lookbackDays: number;
  now?: Date;
}): Promise<{ reconciled: string[] }> {
  const { services } = options;
  const today = dayStart(options.now ?? new Date());
  const deps = reconDepsFrom(services, options.pool);
  const reconciled: string[] = [];
  for (let back = 1; back <= options.lookbackDays; back++) {
    const from = new Date(today.getTime() - back * DAY_MS);
    const to = new Date(from.getTime() + DAY_MS);
    const [done] = await services.db
      .select({ id: reconRuns.id })
      .from(reconRuns)
      .where(
        and(
          isNull(reconRuns.merchantId),
          eq(reconRuns.periodFrom, from),
          eq(reconRuns.periodTo, to),
          eq(reconRuns.status, 'completed'),
          gte(reconRuns.startedAt, today),
        ),
      )
      .limit(1);
    if (done) continue;
    for (const day of [from, to]) {
      await fetchDailySettlements({
        db: services.db,
        providers: services.providers,
        logger: services.logger,
        date: day.toISOString().slice(0, 10),
      });
    }
    await runReconciliation({ deps, scope: { from, to, merchantId: null }, origin: 'schedule' });
    reconciled.push(from.toISOString().slice(0, 10));
  }
  return { reconciled };
}
