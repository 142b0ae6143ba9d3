import type { Db } from '../../db/client.js';
import { outboxEvents, type RiskAction, riskDecisions } from '../../db/schema/index.js';
import { outbox } from '../../events/index.js';
import type { FeatureVector } from './features.js';

export type DecisionRecord = {
  id: string;
  orderId: string;
  merchantId: string;
  shopperId: string | null;
  method: 'wallet' | 'provider';
  amount: number;
  currency: string;
  ip: string;
  cardFingerprint: string | null;
  decision: RiskAction;
  reasons: string[];
  ruleVersion: number;
  fallback: boolean;
  /** The values the decision read (null when they could not be read). */
  features: FeatureVector | null;
  at: Date;
};

/** Stores decisions durably; `record` resolves once the decision and its event are committed. */
export type DecisionRecorder = { record(decision: DecisionRecord): Promise<void> };

/**
 * Group commit: decisions that arrive while a transaction is being written wait and go together
 * in the next one (one multi-row INSERT into `risk_decisions` and one into the outbox), so under
 * load a decision costs a fraction of a commit instead of a commit each, and still no checkout
 * proceeds before its decision is durable.
 */
export function createDecisionRecorder(options: {
  db: Db;
  /** Called after each commit, so the relay delivers the events now (feature updates). */
  onCommit?: () => void;
  maxBatch?: number;
}): DecisionRecorder {
  const maxBatch = options.maxBatch ?? 500;
  let queue: { record: DecisionRecord; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      try {
        await options.db.transaction(async (tx) => {
          await tx.insert(riskDecisions).values(
            batch.map(({ record: r }) => ({
              id: r.id,
              orderId: r.orderId,
              merchantId: r.merchantId,
              shopperId: r.shopperId,
              method: r.method,
              amount: r.amount,
              currency: r.currency,
              ip: r.ip,
              decision: r.decision,
              reasons: r.reasons,
              ruleVersion: r.ruleVersion,
              fallback: r.fallback,
              inputs: { features: r.features, cardFingerprint: r.cardFingerprint },
              createdAt: r.at,
            })),
          );
          await tx.insert(outboxEvents).values(
            batch.map(({ record: r }) =>
              outbox.build({
                type: 'risk.decision_made',
                aggregateId: r.orderId,
                occurredAt: r.at,
                payload: {
                  decisionId: r.id,
                  orderId: r.orderId,
                  merchantId: r.merchantId,
                  shopperId: r.shopperId,
                  method: r.method,
                  amount: r.amount,
                  currency: r.currency,
                  ip: r.ip,
                  cardFingerprint: r.cardFingerprint,
                  decision: r.decision,
                  reasons: r.reasons,
                  ruleVersion: r.ruleVersion,
                  fallback: r.fallback,
                },
              }),
            ),
          );
        });
        for (const item of batch) item.resolve();
        options.onCommit?.();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    flushing = false;
  }

  return {
    record(record) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ record, resolve, reject });
        if (!flushing) {
          flushing = true;
          // Let the decisions of this tick join before the first transaction starts.
          setImmediate(() => void flush());
        }
      });
    },
  };
}
