/**
 * The one mapping from a status code the server returns to the words and colour people see.
 * Every table, badge and filter reads it, so a code reads the same everywhere. The code itself
 * stays in the badge's `data-status` (and in CSV exports and the API) for those who need it.
 *
 * `lib/status.test.ts` checks every status enum of the server's schema has a label here, so a
 * new status cannot reach the screen as a raw code.
 */
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'error';
export type StatusInfo = { label: string; tone: StatusTone };

/** Order statuses: from the original design's names to what a merchant or admin reads. */
export const ORDER_STATUS_LABELS = {
  created: { label: 'Awaiting payment', tone: 'info' },
  checkout_success: { label: 'Paid', tone: 'success' },
  error_checkout: { label: 'Payment failed', tone: 'error' },
  reject_risk_service: { label: 'Blocked by risk', tone: 'error' },
  timeout: { label: 'Expired', tone: 'neutral' },
  exception_checkout: { label: 'Paid late (exception)', tone: 'warning' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  partially_refunded: { label: 'Partially refunded', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
} as const satisfies Record<string, StatusInfo>;

/**
 * Every other status code (merchants, payouts, refunds, withdrawals, IPN deliveries, ledger
 * transfers, reconciliation runs and differences, exceptions, risk holds and decisions,
 * credentials, webhook endpoints, providers, jobs). A code shared by several tables means the
 * same thing in each, so it has one entry.
 */
export const STATUS_LABELS: Record<string, StatusInfo> = {
  ...ORDER_STATUS_LABELS,
  // merchants, staff, shoppers, credentials, signing keys
  pending: { label: 'Pending', tone: 'warning' },
  active: { label: 'Active', tone: 'success' },
  suspended: { label: 'Suspended', tone: 'error' },
  closed: { label: 'Closed', tone: 'neutral' },
  locked: { label: 'Locked', tone: 'error' },
  grace: { label: 'Expiring (grace period)', tone: 'warning' },
  retiring: { label: 'Retiring', tone: 'warning' },
  expired: { label: 'Expired', tone: 'neutral' },
  revoked: { label: 'Revoked', tone: 'error' },
  // money movements, provider payments, IPNs, jobs
  succeeded: { label: 'Succeeded', tone: 'success' },
  paid: { label: 'Paid out', tone: 'success' },
  failed: { label: 'Failed', tone: 'error' },
  delivered: { label: 'Delivered', tone: 'success' },
  posted: { label: 'Posted', tone: 'success' },
  voided: { label: 'Voided', tone: 'neutral' },
  in_flight: { label: 'In flight', tone: 'info' },
  // reconciliation, exceptions
  running: { label: 'Running', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  open: { label: 'Open', tone: 'warning' },
  resolved: { label: 'Resolved', tone: 'success' },
  honoured: { label: 'Honoured', tone: 'success' },
  // risk
  held: { label: 'Held', tone: 'warning' },
  released: { label: 'Released', tone: 'success' },
  allow: { label: 'Allowed', tone: 'success' },
  review: { label: 'Review', tone: 'warning' },
  reject: { label: 'Rejected', tone: 'error' },
  // webhook endpoints, providers, ledger checks
  enabled: { label: 'Enabled', tone: 'success' },
  disabled: { label: 'Disabled', tone: 'neutral' },
  balanced: { label: 'Balanced', tone: 'success' },
  violated: { label: 'Violated', tone: 'error' },
  // campaign budget reservations
  reserved: { label: 'Reserved', tone: 'info' },
  consumed: { label: 'Used', tone: 'success' },
};

/** The label and tone of a status code; an unknown code shows as itself, neutral. */
export function statusInfo(status: string): StatusInfo {
  return STATUS_LABELS[status] ?? { label: status.replaceAll('_', ' '), tone: 'neutral' };
}

/** The order statuses as filter options, in the server's order. */
export const ORDER_STATUS_OPTIONS = Object.entries(ORDER_STATUS_LABELS).map(([value, info]) => ({
  value,
  label: info.label,
}));
