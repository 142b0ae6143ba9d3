import { randomBytes } from 'node:crypto';
import type { NotificationRecord, Notifier } from './notifier.js';
import type { CardBehaviour, CardBrand, CardSummary } from './test-cards.js';

/**
 * The simulated provider's books, kept in memory: the sandbox is "another company" with no access
 * to Ducat's database, and a development tool whose state may vanish on restart (Ducat's stuck
 * payment checker must cope with a provider that forgot a payment anyway).
 */

/** A refusal of an API call: becomes `{ error: { code, message, field } }` with `status`. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export type PaymentStatus = 'created' | 'pending' | 'succeeded' | 'failed';

export type SandboxPayment = {
  providerRef: string;
  paymentId: string;
  source: 'page' | 'token';
  amount: number;
  currency: string;
  description: string | null;
  mode: string;
  returnUrl: string | null;
  notifyUrl: string;
  status: PaymentStatus;
  failureCode: string | null;
  card: { brand: CardBrand; last4: string } | null;
  refundedAmount: number;
  createdAt: Date;
  settledAt: Date | null;
};

export type SandboxCardSetup = {
  providerRef: string;
  setupId: string;
  userId: string;
  returnUrl: string;
  notifyUrl: string;
  status: 'created' | 'succeeded';
  token: string | null;
  createdAt: Date;
};

/** A saved card: what a real provider's vault would keep, minus the number it would also keep. */
export type SandboxToken = CardSummary & { token: string; createdAt: Date };

export type SandboxRefund = {
  providerRefundId: string;
  refundId: string;
  providerRef: string;
  amount: number;
  currency: string;
  status: 'succeeded';
  createdAt: Date;
};

export type SandboxPayout = {
  providerPayoutId: string;
  payoutId: string;
  amount: number;
  currency: string;
  destination: Record<string, string>;
  status: 'paid' | 'failed';
  failureCode: string | null;
  createdAt: Date;
};

export type SettlementEntry = {
  providerRef: string;
  reference: string;
  type: 'payment' | 'refund' | 'payout';
  amount: number;
  currency: string;
  fee: number;
  settledAt: Date;
};

export type SandboxState = {
  payments: Map<string, SandboxPayment>;
  paymentsById: Map<string, string>;
  setups: Map<string, SandboxCardSetup>;
  setupsById: Map<string, string>;
  tokens: Map<string, SandboxToken>;
  refunds: Map<string, SandboxRefund>;
  payouts: Map<string, SandboxPayout>;
  settlements: SettlementEntry[];
  notifications: Map<string, NotificationRecord>;
};

/** The sandbox's fee on a captured payment: 2.9%, rounded to the minor unit. */
export const SANDBOX_FEE_RATE = 0.029;

/** A payout destination carrying this value in any field fails (to test failed payouts). */
export const FAILING_PAYOUT_DESTINATION = 'fail';

function newRef(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export type CreatePaymentInput = {
  paymentId: string;
  amount: number;
  currency: string;
  description?: string | undefined;
  mode: string;
  returnUrl: string;
  notifyUrl: string;
};

export type ChargeTokenInput = {
  paymentId: string;
  token: string;
  amount: number;
  currency: string;
  notifyUrl: string;
};

export type SandboxCore = ReturnType<typeof createSandboxCore>;

export function createSandboxCore(options: { notifier: Notifier; lateDelayMs: number }) {
  const { notifier } = options;
  const state: SandboxState = {
    payments: new Map(),
    paymentsById: new Map(),
    setups: new Map(),
    setupsById: new Map(),
    tokens: new Map(),
    refunds: new Map(),
    payouts: new Map(),
    settlements: [],
    notifications: new Map(),
  };

  function notify(notifyUrl: string, payload: Record<string, unknown>, copies: number): void {
    const notificationId = newRef('ntf');
    const record: NotificationRecord = {
      notificationId,
      notifyUrl,
      body: JSON.stringify({ notificationId, createdAt: new Date().toISOString(), ...payload }),
      attempts: [],
      acknowledged: false,
    };
    state.notifications.set(notificationId, record);
    notifier.send(record, copies);
  }

  function notifyPayment(payment: SandboxPayment, copies: number): void {
    notify(
      payment.notifyUrl,
      {
        type: payment.status === 'succeeded' ? 'payment.succeeded' : 'payment.failed',
        providerRef: payment.providerRef,
        paymentId: payment.paymentId,
        amount: payment.amount,
        currency: payment.currency,
        ...(payment.failureCode ? { failureCode: payment.failureCode } : {}),
        // Brand and last four only, for the shopper's receipt.
        ...(payment.card ? { card: payment.card } : {}),
      },
      copies,
    );
  }

  function succeed(payment: SandboxPayment): void {
    const now = new Date();
    payment.status = 'succeeded';
    payment.settledAt = now;
    state.settlements.push({
      providerRef: payment.providerRef,
      reference: payment.paymentId,
      type: 'payment',
      amount: payment.amount,
      currency: payment.currency,
      fee: Math.round(payment.amount * SANDBOX_FEE_RATE),
      settledAt: now,
    });
  }

  /** Applies the card's behaviour: the outcome now or later, and how often it is told. */
  function settle(payment: SandboxPayment, behaviour: CardBehaviour): void {
    switch (behaviour) {
      case 'success':
        succeed(payment);
        notifyPayment(payment, 1);
        return;
      case 'duplicate':
        succeed(payment);
        notifyPayment(payment, 3);
        return;
      case 'decline':
        payment.status = 'failed';
        payment.failureCode = 'card_declined';
        notifyPayment(payment, 1);
        return;
      case 'no_answer':
        payment.status = 'pending';
        return;
      case 'late_answer':
        payment.status = 'pending';
        notifier.later(options.lateDelayMs, () => {
          if (payment.status !== 'pending') return;
          succeed(payment);
          notifyPayment(payment, 1);
        });
        return;
    }
  }

  function newPayment(
    input: Omit<SandboxPayment, 'providerRef' | 'status' | 'failureCode' | 'refundedAmount'> & {
      card: SandboxPayment['card'];
    },
  ): SandboxPayment {
    const payment: SandboxPayment = {
      ...input,
      providerRef: newRef('pay'),
      status: 'created',
      failureCode: null,
      refundedAmount: 0,
    };
    state.payments.set(payment.providerRef, payment);
    state.paymentsById.set(payment.paymentId, payment.providerRef);
    return payment;
  }

  /** Our client's ids are idempotency keys: a retried create answers the first payment. */
  function existingPayment(
    paymentId: string,
    same: (payment: SandboxPayment) => boolean,
  ): SandboxPayment | undefined {
    const ref = state.paymentsById.get(paymentId);
    const payment = ref ? state.payments.get(ref) : undefined;
    if (payment && !same(payment)) {
      throw new SandboxError(
        409,
        'payment_id_reused',
        'This paymentId was already used with other parameters.',
        'paymentId',
      );
    }
    return payment;
  }

  function paymentOf(providerRef: string): SandboxPayment {
    const payment = state.payments.get(providerRef);
    if (!payment) throw new SandboxError(404, 'payment_not_found', 'No such payment.');
    return payment;
  }

  function setupOf(providerRef: string): SandboxCardSetup {
    const setup = state.setups.get(providerRef);
    if (!setup) throw new SandboxError(404, 'setup_not_found', 'No such card set-up.');
    return setup;
  }

  return {
    state,

    createPayment(input: CreatePaymentInput): SandboxPayment {
      const existing = existingPayment(
        input.paymentId,
        (p) =>
          p.source === 'page' &&
          p.amount === input.amount &&
          p.currency === input.currency &&
          p.returnUrl === input.returnUrl &&
          p.notifyUrl === input.notifyUrl,
      );
      if (existing) return existing;
      return newPayment({
        paymentId: input.paymentId,
        source: 'page',
        amount: input.amount,
        currency: input.currency,
        description: input.description ?? null,
        mode: input.mode,
        returnUrl: input.returnUrl,
        notifyUrl: input.notifyUrl,
        card: null,
        createdAt: new Date(),
        settledAt: null,
      });
    },

    paymentOf,
    setupOf,

    /** The shopper submitted a valid card on the payment page. */
    payWithCard(providerRef: string, card: CardSummary): SandboxPayment {
      const payment = paymentOf(providerRef);
      if (payment.status !== 'created') {
        throw new SandboxError(409, 'payment_not_payable', `This payment is ${payment.status}.`);
      }
      payment.card = { brand: card.brand, last4: card.last4 };
      settle(payment, card.behaviour);
      return payment;
    },

    chargeToken(input: ChargeTokenInput): SandboxPayment {
      const saved = state.tokens.get(input.token);
      if (!saved) throw new SandboxError(422, 'token_unknown', 'No such card token.', 'token');
      const existing = existingPayment(
        input.paymentId,
        (p) =>
          p.source === 'token' &&
          p.amount === input.amount &&
          p.currency === input.currency &&
          p.notifyUrl === input.notifyUrl,
      );
      if (existing) return existing;
      const payment = newPayment({
        paymentId: input.paymentId,
        source: 'token',
        amount: input.amount,
        currency: input.currency,
        description: null,
        mode: 'test',
        returnUrl: null,
        notifyUrl: input.notifyUrl,
        card: { brand: saved.brand, last4: saved.last4 },
        createdAt: new Date(),
        settledAt: null,
      });
      settle(payment, saved.behaviour);
      return payment;
    },

    createCardSetup(input: {
      setupId: string;
      userId: string;
      returnUrl: string;
      notifyUrl: string;
    }): SandboxCardSetup {
      const ref = state.setupsById.get(input.setupId);
      const existing = ref ? state.setups.get(ref) : undefined;
      if (existing) {
        if (
          existing.userId !== input.userId ||
          existing.returnUrl !== input.returnUrl ||
          existing.notifyUrl !== input.notifyUrl
        ) {
          throw new SandboxError(
            409,
            'setup_id_reused',
            'This setupId was already used with other parameters.',
            'setupId',
          );
        }
        return existing;
      }
      const setup: SandboxCardSetup = {
        ...input,
        providerRef: newRef('seti'),
        status: 'created',
        token: null,
        createdAt: new Date(),
      };
      state.setups.set(setup.providerRef, setup);
      state.setupsById.set(setup.setupId, setup.providerRef);
      return setup;
    },

    /**
     * The shopper submitted a valid card on the set-up page. Every valid card is saved; its
     * behaviour decides how the notification travels now and what charges on the token do later.
     */
    saveCard(providerRef: string, card: CardSummary): SandboxCardSetup {
      const setup = setupOf(providerRef);
      if (setup.status !== 'created') {
        throw new SandboxError(409, 'setup_completed', 'This card set-up is already completed.');
      }
      const token = newRef('tok');
      state.tokens.set(token, { ...card, token, createdAt: new Date() });
      setup.status = 'succeeded';
      setup.token = token;
      const payload = {
        type: 'card.tokenized',
        providerRef: setup.providerRef,
        setupId: setup.setupId,
        userId: setup.userId,
        token,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
      };
      if (card.behaviour === 'no_answer') return setup;
      if (card.behaviour === 'late_answer') {
        notifier.later(options.lateDelayMs, () => notify(setup.notifyUrl, payload, 1));
      } else {
        notify(setup.notifyUrl, payload, card.behaviour === 'duplicate' ? 3 : 1);
      }
      return setup;
    },

    refund(
      providerRef: string,
      input: { refundId: string; amount: number; currency: string },
    ): SandboxRefund {
      const payment = paymentOf(providerRef);
      const existing = state.refunds.get(input.refundId);
      if (existing) {
        if (existing.providerRef !== providerRef || existing.amount !== input.amount) {
          throw new SandboxError(
            409,
            'refund_id_reused',
            'This refundId was already used with other parameters.',
            'refundId',
          );
        }
        return existing;
      }
      if (payment.status !== 'succeeded') {
        throw new SandboxError(422, 'payment_not_succeeded', 'Only a succeeded payment refunds.');
      }
      if (input.currency !== payment.currency) {
        throw new SandboxError(
          422,
          'currency_mismatch',
          `The payment is in ${payment.currency}.`,
          'currency',
        );
      }
      const refundable = payment.amount - payment.refundedAmount;
      if (input.amount > refundable) {
        throw new SandboxError(
          422,
          'amount_exceeds_refundable',
          `At most ${refundable} can still be refunded.`,
          'amount',
        );
      }
      const now = new Date();
      payment.refundedAmount += input.amount;
      const refund: SandboxRefund = {
        providerRefundId: newRef('re'),
        refundId: input.refundId,
        providerRef,
        amount: input.amount,
        currency: input.currency,
        status: 'succeeded',
        createdAt: now,
      };
      state.refunds.set(input.refundId, refund);
      state.settlements.push({
        providerRef: refund.providerRefundId,
        reference: input.refundId,
        type: 'refund',
        amount: input.amount,
        currency: input.currency,
        fee: 0,
        settledAt: now,
      });
      return refund;
    },

    payout(input: {
      payoutId: string;
      amount: number;
      currency: string;
      destination: Record<string, string>;
    }): SandboxPayout {
      const existing = state.payouts.get(input.payoutId);
      if (existing) {
        if (existing.amount !== input.amount || existing.currency !== input.currency) {
          throw new SandboxError(
            409,
            'payout_id_reused',
            'This payoutId was already used with other parameters.',
            'payoutId',
          );
        }
        return existing;
      }
      const fails = Object.values(input.destination).includes(FAILING_PAYOUT_DESTINATION);
      const now = new Date();
      const payout: SandboxPayout = {
        ...input,
        providerPayoutId: newRef('po'),
        status: fails ? 'failed' : 'paid',
        failureCode: fails ? 'destination_refused' : null,
        createdAt: now,
      };
      state.payouts.set(input.payoutId, payout);
      if (!fails) {
        state.settlements.push({
          providerRef: payout.providerPayoutId,
          reference: input.payoutId,
          type: 'payout',
          amount: input.amount,
          currency: input.currency,
          fee: 0,
          settledAt: now,
        });
      }
      return payout;
    },

    settlementReport(from: Date, to: Date): SettlementEntry[] {
      return state.settlements.filter((line) => line.settledAt >= from && line.settledAt < to);
    },
  };
}
