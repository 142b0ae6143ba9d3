/** Words for the codes the API answers, in the wallet's lists. */
export const ORDER_STATUS_LABELS: Record<string, string> = {
  created: 'Awaiting payment',
  checkout_success: 'Paid',
  error_checkout: 'Payment failed',
  reject_risk_service: 'Refused',
  timeout: 'Expired',
  exception_checkout: 'Paid late (in review)',
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

export function label(map: Record<string, string>, code: string): string {
  return map[code] ?? code.replaceAll('_', ' ');
}

/** A date in the shopper's own time zone (rendered on the client only, never on the server). */
export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
