/** Words for the codes the API answers, in the wallet's lists. */
export const ORDER_STATUS_LABELS: Record<string, string> = {
  created: 'Awaiting payment',
  checkout_success: 'Paid',
  error_checkout: 'Payment failed',
  reject_risk_service: 'Refused',
  timeout: 'Expired',
  exception_checkout: 'Paid late (in review)',
  exception_checkout_refunded: 'Paid late (refunded)',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
  cancelled: 'Cancelled',
};

export const POSTING_KIND_LABELS: Record<string, string> = {
  deposit: 'Deposit',
  withdrawal: 'Withdrawal',
  payment: 'Payment',
  refund: 'Refund',
  fee: 'Fee',
  payout: 'Payout',
  adjustment: 'Adjustment',
};

/** The label key of an order: a late payment sent back reads as such, not "in review". */
export function orderLabelCode(order: {
  status: string;
  exceptionResolution?: string | null;
}): string {
  return order.status === 'exception_checkout' && order.exceptionResolution === 'refunded'
    ? 'exception_checkout_refunded'
    : order.status;
}

export function label(map: Record<string, string>, code: string): string {
  return map[code] ?? code.replaceAll('_', ' ');
}

/** A date in the shopper's own time zone (rendered on the client only, never on the server). */
export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** A saved card as the shopper knows it: "Visa ending 4242". */
export function cardName(card: { brand: string; last4: string }): string {
  return `${BRAND_NAMES[card.brand] ?? 'Card'} ending ${card.last4}`;
}
