/**
 * The risk check run before a payment. The risk issue brings the real engine (pre-computed scores
 * read in O(1), rules, decisions); until then the pass-through below keeps the same interface so
 * checkout code does not change when it lands.
 */
export type RiskInput = {
  orderId: string;
  merchantId: string;
  amount: number;
  currency: string;
  method: 'wallet' | 'provider';
  shopperId: string | null;
  ip: string;
};

export type RiskDecision =
  | { decision: 'allow'; score: number }
  | { decision: 'reject'; score: number; code: string };

export type RiskEngine = { assess(input: RiskInput): Promise<RiskDecision> };

/** Allows everything: the placeholder until the risk engine lands. */
export function createPassThroughRisk(): RiskEngine {
  return { assess: async () => ({ decision: 'allow', score: 0 }) };
}
