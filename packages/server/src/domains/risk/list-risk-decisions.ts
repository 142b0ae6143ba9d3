import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type RiskAction, riskDecisions } from '../../db/schema/index.js';

export type StoredRiskDecision = {
  id: string;
  orderId: string;
  merchantId: string;
  shopperId: string | null;
  method: 'wallet' | 'provider';
  amount: number;
  currency: string;
  decision: RiskAction;
  reasons: string[];
  ruleVersion: number;
  fallback: boolean;
  inputs: unknown;
  createdAt: string;
};

/** Stored decisions, newest first: of one order, or all. */
export async function listRiskDecisions(options: {
  db: DbOrTx;
  orderId?: string | undefined;
  limit: number;
}): Promise<StoredRiskDecision[]> {
  const rows = await options.db
    .select()
    .from(riskDecisions)
    .where(options.orderId ? eq(riskDecisions.orderId, options.orderId) : undefined)
    .orderBy(desc(riskDecisions.createdAt))
    .limit(options.limit);
  return rows.map((r) => ({
    id: r.id,
    orderId: r.orderId,
    merchantId: r.merchantId,
    shopperId: r.shopperId,
    method: r.method,
    amount: Number(r.amount),
    currency: r.currency,
    decision: r.decision,
    reasons: r.reasons as string[],
    ruleVersion: r.ruleVersion,
    fallback: r.fallback,
    inputs: r.inputs,
    createdAt: r.createdAt.toISOString(),
  }));
}
