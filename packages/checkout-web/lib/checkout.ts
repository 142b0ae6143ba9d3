import type { AppRouter } from '@ducat/server';
import type { inferRouterOutputs } from '@trpc/server';

export type CheckoutView = inferRouterOutputs<AppRouter>['checkout']['open'];
export type OrderStatus = CheckoutView['status'];

export type Outcome = {
  tone: 'success' | 'error' | 'info';
  title: string;
  body: string;
  /** The code reported to a widget's parent page on failure. */
  code: string;
};

/**
 * What the shopper is told about a final order. `fresh` is true when the outcome happened on
 * this page just now (the shopper paid), false when the link was opened on an order that had
 * already ended ("already paid", "expired").
 */
export function outcomeOf(
  view: CheckoutView,
  fresh: boolean,
  failureCode?: string | null,
): Outcome {
  const merchant = view.merchantName || 'the merchant';
  switch (view.status) {
    case 'checkout_success':
      return fresh
        ? {
            tone: 'success',
            title: 'Payment complete',
            body: `You paid ${merchant}. We are taking you back to them.`,
            code: 'checkout_success',
          }
        : {
            tone: 'info',
            title: 'This order is already paid',
            body: `Nothing more to pay: ${merchant} has received the payment.`,
            code: 'already_paid',
          };
    case 'refunded':
    case 'partially_refunded':
      return {
        tone: 'info',
        title: 'This order is already paid',
        body: `It was paid and ${view.status === 'refunded' ? 'refunded' : 'partly refunded'} by ${merchant}.`,
        code: 'already_paid',
      };
    case 'error_checkout':
      return failureCode === 'card_declined' || !failureCode
        ? {
            tone: 'error',
            title: 'The payment was declined',
            body: 'Your card provider declined the payment. No money was taken.',
            code: 'provider_declined',
          }
        : {
            tone: 'error',
            title: 'The payment failed',
            body: `The payment provider refused it (${failureCode}). No money was taken.`,
            code: 'provider_declined',
          };
    case 'reject_risk_service':
      return {
        tone: 'error',
        title: 'We could not accept this payment',
        body: 'For your security this payment was refused. No money was taken. Contact the merchant if you think this is a mistake.',
        code: 'risk_rejected',
      };
    case 'timeout':
      return {
        tone: 'error',
        title: 'This order has expired',
        body: `The time to pay it is over and nothing was charged. Go back to ${merchant} to order again.`,
        code: 'order_expired',
      };
    case 'exception_checkout':
      return {
        tone: 'info',
        title: 'Your payment arrived after the order expired',
        body: `We are holding it for review: ${merchant} will either honour the order or the money comes back to you.`,
        code: 'late_payment',
      };
    case 'cancelled':
      return {
        tone: 'info',
        title: 'This order was cancelled',
        body: `${merchant} cancelled it before it was paid. Nothing was charged.`,
        code: 'order_cancelled',
      };
    case 'created':
      return { tone: 'info', title: 'Waiting for payment', body: '', code: 'created' };
  }
}
