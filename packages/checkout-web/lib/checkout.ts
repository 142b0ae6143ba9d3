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
  options: { embed?: boolean } = {},
): Outcome {
  const merchant = view.merchantName || 'the merchant';
  switch (view.status) {
    case 'checkout_success':
      return fresh
        ? {
            tone: 'success',
            title: 'Payment complete',
            // Inside the widget's frame the merchant's page takes over: nobody is "taken back".
            body: options.embed
              ? `You paid ${merchant}.`
              : `You paid ${merchant}. We are taking you back to them.`,
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
      return view.attempts.lastFailureCode === 'shopper_cancelled'
        ? {
            tone: 'info',
            title: 'Payment cancelled',
            body: `You cancelled this payment. Nothing was charged; ${merchant} can start a new one.`,
            code: 'shopper_cancelled',
          }
        : {
            tone: 'error',
            title: 'The payment could not be completed',
            body:
              view.attempts.failed > 1
                ? `The payment did not go through ${view.attempts.failed} times (declined or not started), so this order was closed. No money was taken; ${merchant} can start a new one.`
                : `The payment did not go through, so this order was closed. No money was taken; ${merchant} can start a new one.`,
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
      // Platform staff (not the merchant) decide what happens to a payment that came too late.
      return view.exceptionResolution === 'refunded'
        ? {
            tone: 'info',
            title: 'Your payment was refunded',
            body: `It arrived after the order expired, so it was sent back to the card you paid with (it can take a few days to show). ${merchant} did not receive it; go back to them to order again.`,
            code: 'late_payment_refunded',
          }
        : {
            tone: 'info',
            title: 'Your payment arrived after the order expired',
            body: `Our payments team is reviewing it: either the order goes through with ${merchant} or the money goes back to you. This page shows the outcome once it is decided.`,
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
