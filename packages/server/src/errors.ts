import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/**
 * Every refusal the platform can give, with its transport status. Codes are stable: clients
 * (the SDK, merchants' code) switch on them, so never rename one; add new ones instead.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, trpc: 'BAD_REQUEST' },
  validation_failed: { status: 400, trpc: 'BAD_REQUEST' },
  unauthorized: { status: 401, trpc: 'UNAUTHORIZED' },
  forbidden: { status: 403, trpc: 'FORBIDDEN' },
  not_found: { status: 404, trpc: 'NOT_FOUND' },
  conflict: { status: 409, trpc: 'CONFLICT' },
  idempotency_key_in_use: { status: 409, trpc: 'CONFLICT' },
  idempotency_key_reused: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  idempotency_key_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  unprocessable: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  rate_limited: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  service_unavailable: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  internal_error: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  event_invalid: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  // ledger
  insufficient_funds: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  currency_mismatch: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  /** Not an ISO 4217 currency, or not one the platform has enabled (admin settings). */
  currency_unsupported: { status: 400, trpc: 'BAD_REQUEST' },
  account_not_found: { status: 404, trpc: 'NOT_FOUND' },
  account_closed: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  amount_not_positive: { status: 400, trpc: 'BAD_REQUEST' },
  amount_too_large: { status: 400, trpc: 'BAD_REQUEST' },
  same_account: { status: 400, trpc: 'BAD_REQUEST' },
  transfer_not_found: { status: 404, trpc: 'NOT_FOUND' },
  transfer_not_pending: { status: 409, trpc: 'CONFLICT' },
  transfer_already_posted: { status: 409, trpc: 'CONFLICT' },
  transfer_already_voided: { status: 409, trpc: 'CONFLICT' },
  transfer_expired: { status: 409, trpc: 'CONFLICT' },
  ledger_unavailable: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  ledger_check_running: { status: 409, trpc: 'CONFLICT' },
  // Merchant API authentication (JWT signed with the merchant key).
  jwt_missing: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_malformed: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_algorithm_unsupported: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_signature_invalid: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_expired: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_not_yet_valid: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_lifetime_too_long: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_audience_invalid: { status: 401, trpc: 'UNAUTHORIZED' },
  jwt_replayed: { status: 401, trpc: 'UNAUTHORIZED' },
  merchant_unknown: { status: 401, trpc: 'UNAUTHORIZED' },
  merchant_inactive: { status: 403, trpc: 'FORBIDDEN' },
  merchant_key_revoked: { status: 401, trpc: 'UNAUTHORIZED' },
  merchant_key_expired: { status: 401, trpc: 'UNAUTHORIZED' },
  // Merchants.
  merchant_status_invalid: { status: 409, trpc: 'CONFLICT' },
  merchant_not_active: { status: 409, trpc: 'CONFLICT' },
  // People: shoppers and staff.
  invalid_credentials: { status: 401, trpc: 'UNAUTHORIZED' },
  session_required: { status: 401, trpc: 'UNAUTHORIZED' },
  csrf_invalid: { status: 403, trpc: 'FORBIDDEN' },
  account_locked: { status: 403, trpc: 'FORBIDDEN' },
  content_type_invalid: { status: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  // Plain JSON over HTTP (the REST routes).
  json_invalid: { status: 400, trpc: 'PARSE_ERROR' },
  payload_too_large: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  method_not_allowed: { status: 405, trpc: 'METHOD_NOT_SUPPORTED' },
  email_token_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  email_taken: { status: 409, trpc: 'CONFLICT' },
  // Orders and checkout.
  error_signature: { status: 400, trpc: 'BAD_REQUEST' },
  order_not_found: { status: 404, trpc: 'NOT_FOUND' },
  order_busy: { status: 409, trpc: 'CONFLICT' },
  order_reference_taken: { status: 409, trpc: 'CONFLICT' },
  order_signature_required: { status: 400, trpc: 'BAD_REQUEST' },
  order_signature_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  order_not_cancellable: { status: 409, trpc: 'CONFLICT' },
  order_not_refundable: { status: 409, trpc: 'CONFLICT' },
  order_archived: { status: 409, trpc: 'CONFLICT' },
  refund_exceeds_captured: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  exception_not_found: { status: 404, trpc: 'NOT_FOUND' },
  exception_resolved: { status: 409, trpc: 'CONFLICT' },
  payout_not_found: { status: 404, trpc: 'NOT_FOUND' },
  // Campaigns (domains/campaigns) and their discounts at checkout.
  campaign_not_found: { status: 404, trpc: 'NOT_FOUND' },
  campaign_state_invalid: { status: 409, trpc: 'CONFLICT' },
  campaign_code_taken: { status: 409, trpc: 'CONFLICT' },
  campaign_code_invalid: { status: 404, trpc: 'NOT_FOUND' },
  campaign_not_active: { status: 409, trpc: 'CONFLICT' },
  campaign_not_eligible: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  campaign_budget_exhausted: { status: 409, trpc: 'CONFLICT' },
  discount_locked: { status: 409, trpc: 'CONFLICT' },
  // Shopper wallet: cards, deposits, withdrawals.
  card_not_found: { status: 404, trpc: 'NOT_FOUND' },
  deposit_declined: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  // IPN (notifications to merchants).
  ipn_delivery_in_flight: { status: 409, trpc: 'CONFLICT' },
  ipn_cursor_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  // Webhook endpoints and the events API.
  webhook_endpoint_not_found: { status: 404, trpc: 'NOT_FOUND' },
  webhook_endpoint_primary: { status: 409, trpc: 'CONFLICT' },
  webhook_endpoint_limit: { status: 409, trpc: 'CONFLICT' },
  event_not_found: { status: 404, trpc: 'NOT_FOUND' },
  // External payment providers (adapters in domains/providers).
  provider_unknown: { status: 404, trpc: 'NOT_FOUND' },
  provider_signature_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  provider_payload_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  provider_unavailable: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  provider_declined: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  provider_payment_unknown: { status: 404, trpc: 'NOT_FOUND' },
  provider_rejected: { status: 502, trpc: 'BAD_GATEWAY' },
  provider_response_invalid: { status: 502, trpc: 'BAD_GATEWAY' },
  provider_mode_mismatch: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  // Reconciliation.
  recon_difference_not_found: { status: 404, trpc: 'NOT_FOUND' },
  recon_difference_resolved: { status: 409, trpc: 'CONFLICT' },
  recon_difference_open: { status: 409, trpc: 'CONFLICT' },
  recon_run_not_found: { status: 404, trpc: 'NOT_FOUND' },
  settlement_file_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  report_period_invalid: { status: 400, trpc: 'BAD_REQUEST' },
  report_too_large: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  // Risk (domains/risk).
  risk_review_required: { status: 409, trpc: 'CONFLICT' },
  risk_review_pending: { status: 409, trpc: 'CONFLICT' },
  risk_hold_not_found: { status: 404, trpc: 'NOT_FOUND' },
  risk_hold_resolved: { status: 409, trpc: 'CONFLICT' },
  risk_rules_stale: { status: 409, trpc: 'CONFLICT' },
  // Background jobs run on request (admin.jobs, job:run).
  job_unknown: { status: 404, trpc: 'NOT_FOUND' },
  // Platform settings and the providers registry.
  settings_stale: { status: 409, trpc: 'CONFLICT' },
  maintenance: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  provider_disabled: { status: 409, trpc: 'CONFLICT' },
  provider_name_taken: { status: 409, trpc: 'CONFLICT' },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type AppErrorOptions = {
  /** Shown to the caller. Must not contain secrets or internals. */
  message?: string;
  /** For logs only. */
  internalMessage?: string;
  /** The input field at fault, when there is one (dotted path). */
  field?: string;
  /** Extra machine-readable facts safe to show (e.g. retryAfterMs). */
  details?: Record<string, unknown>;
  cause?: unknown;
};

/** The one error type domain code throws. Routers never build TRPCErrors themselves. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.internalMessage ?? options.message ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.userMessage = options.message ?? defaultMessage(code);
    this.field = options.field;
    this.details = options.details;
  }

  get trpcCode(): TRPC_ERROR_CODE_KEY {
    return ERROR_CODES[this.code].trpc;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

function defaultMessage(code: ErrorCode): string {
  switch (code) {
    case 'internal_error':
      return 'An unexpected error occurred.';
    case 'not_found':
      return 'The requested resource does not exist.';
    case 'unauthorized':
      return 'Authentication is required.';
    case 'forbidden':
      return 'You are not allowed to do this.';
    case 'invalid_credentials':
      return 'The email or password is wrong.';
    case 'session_required':
      return 'Log in first.';
    case 'account_locked':
      return 'This account is locked; contact support.';
    case 'csrf_invalid':
      return 'Missing or wrong CSRF token (send the x-csrf-token header from your session).';
    case 'jwt_missing':
      return 'Send a merchant JWT in the Authorization: Bearer header.';
    case 'jwt_malformed':
      return 'The token is not a well-formed JWT with iss, aud, iat, exp and jti.';
    case 'jwt_algorithm_unsupported':
      return 'Only HS256 tokens are accepted.';
    case 'jwt_signature_invalid':
      return 'The token signature does not match any key of this merchant.';
    case 'jwt_expired':
      return 'The token has expired.';
    case 'jwt_not_yet_valid':
      return 'The token is not valid yet (iat or nbf in the future); check your clock.';
    case 'jwt_lifetime_too_long':
      return 'exp - iat must be at most 300 seconds.';
    case 'jwt_audience_invalid':
      return 'The token audience is not this API.';
    case 'jwt_replayed':
      return 'This token (jti) was already used; sign a new one per request.';
    case 'merchant_unknown':
      return 'No merchant with this id.';
    case 'merchant_inactive':
      return 'The merchant is not active.';
    case 'merchant_key_revoked':
      return 'The key was revoked.';
    case 'merchant_key_expired':
      return 'The key was rotated and its grace period has ended.';
    case 'content_type_invalid':
      return 'Send the body as application/json.';
    case 'json_invalid':
      return 'The body is not valid JSON.';
    case 'payload_too_large':
      return 'The body is larger than 1 MB.';
    case 'method_not_allowed':
      return 'This route does not answer this method (see the Allow header).';
    case 'error_signature':
      return 'checkout_error: the checkout link is not valid (bad signature).';
    case 'order_busy':
      return 'This order is being processed by another request; retry in a moment.';
    case 'rate_limited':
      return 'Too many requests; slow down and retry later.';
    case 'service_unavailable':
      return 'The service is temporarily unavailable; retry later.';
    case 'ipn_delivery_in_flight':
      return 'This IPN is being sent right now; retry in a moment.';
    case 'campaign_not_found':
      return 'No such campaign in this mode.';
    case 'campaign_state_invalid':
      return 'The campaign cannot make this change in its current state.';
    case 'campaign_code_taken':
      return 'Another campaign of yours already uses this code.';
    case 'campaign_code_invalid':
      return 'This code is not valid for this order.';
    case 'campaign_not_active':
      return 'This campaign is not running now.';
    case 'campaign_not_eligible':
      return 'This order does not qualify for the campaign.';
    case 'campaign_budget_exhausted':
      return 'The campaign budget is used up.';
    case 'discount_locked':
      return 'A payment for this order is in progress; the discount cannot change now.';
    case 'webhook_endpoint_not_found':
      return 'No such webhook endpoint in this mode.';
    case 'webhook_endpoint_primary':
      return 'The primary endpoint is the IPN URL of the profile: change or disable it instead.';
    case 'webhook_endpoint_limit':
      return 'This mode has the most webhook endpoints allowed; delete one first.';
    case 'event_not_found':
      return 'No such event in this mode (events are kept for 30 days).';
    case 'ipn_cursor_invalid':
      return 'The cursor is not one this list returned.';
    case 'card_not_found':
      return 'No such saved card.';
    case 'deposit_declined':
      return 'The card was declined; nothing was charged or credited.';
    case 'provider_unknown':
      return 'No payment provider with this name is configured.';
    case 'provider_signature_invalid':
      return 'The notification signature is missing, wrong or too old.';
    case 'provider_payload_invalid':
      return 'The notification body is not a notification this provider sends.';
    case 'provider_unavailable':
      return 'The payment provider did not answer; retry later.';
    case 'provider_declined':
      return 'The payment provider refused this operation.';
    case 'provider_payment_unknown':
      return 'The payment provider does not know this payment.';
    case 'provider_rejected':
      return 'The payment provider rejected the request.';
    case 'provider_response_invalid':
      return 'The payment provider answered something unexpected.';
    case 'provider_mode_mismatch':
      return 'This payment provider does not handle money of this mode (test or live); nothing was changed.';
    case 'recon_difference_not_found':
      return 'No such reconciliation difference.';
    case 'recon_difference_resolved':
      return 'This difference is already resolved (reopen it first).';
    case 'recon_difference_open':
      return 'This difference is open; only resolved ones can be reopened.';
    case 'settlement_file_invalid':
      return 'The settlement file is not valid; nothing was imported.';
    case 'report_period_invalid':
      return 'The report period must be from < to and at most 31 days.';
    case 'ledger_check_running':
      return 'A ledger check is running; its result will be the last check.';
    case 'maintenance':
      return 'Payments are paused for maintenance; try again after the window.';
    case 'provider_disabled':
      return 'This payment provider is disabled; choose another one.';
    case 'report_too_large':
      return 'The report has too many lines; ask for a shorter period.';
    default:
      return code.replaceAll('_', ' ');
  }
}
