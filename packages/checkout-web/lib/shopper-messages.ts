import type { ErrorCode } from '@ducat/server';
import { type ApiErrorInfo, formatMoney } from '@ducat/web-kit';

/** Where the shopper met the error: the same code can mean different things to them. */
export type ShopperContext = 'checkout' | 'deposit' | 'withdraw' | 'account' | 'cards';

/** Codes the pages make up themselves (the API never answered, or a result they explain). */
export const CLIENT_CODES = [
  'network_error',
  'unexpected_error',
  'withdrawal_failed',
  'email_taken_or_unverified',
] as const;
type ClientCode = (typeof CLIENT_CODES)[number];

type Message = string | ((info: ApiErrorInfo, context: ShopperContext) => string);

const TRY_AGAIN = 'Something went wrong on our side. Nothing was charged; please try again.';

function available(info: ApiErrorInfo): string | null {
  const amount = info.details?.available;
  const currency = info.details?.currency;
  if (typeof amount !== 'number' || typeof currency !== 'string') return null;
  return formatMoney(Math.max(0, amount), currency);
}

/** A server message may be shown only once nothing internal can be in it. */
const INTERNAL = /\b[a-z]{2,5}_[1-9A-Za-z]{10,}\b|\b(?:account|transfer|leg|ledger)s?\b/i;

/**
 * Every error code a shopper can meet on the checkout, wallet and account pages, written for
 * the shopper: what happened and what to do, never an account or transfer id. The request id
 * is shown apart, under "Details" (see FormError). The test in shopper-messages.test.ts keeps
 * this table and the server's codes in step.
 */
export const SHOPPER_MESSAGES = {
  bad_request: 'That did not work. Please reload the page and try again.',
  validation_failed: (info) =>
    info.message && !INTERNAL.test(info.message)
      ? info.message
      : 'Please check what you entered and try again.',
  unauthorized: 'Please sign in again.',
  forbidden: 'You cannot do this with your account.',
  not_found: 'We could not find that. It may have been removed.',
  conflict: 'This changed while you were looking at it. Reload the page and try again.',
  unprocessable: 'That cannot be done right now. Please check the details and try again.',
  content_type_invalid: 'That did not work. Please reload the page and try again.',
  payload_too_large: 'That is too large to send.',
  idempotency_key_in_use: 'Your previous click is still being handled. Wait a moment.',
  idempotency_key_reused: 'That did not work. Please reload the page and try again.',
  idempotency_key_invalid: 'That did not work. Please reload the page and try again.',
  rate_limited: 'Too many tries in a short time. Wait a minute, then try again.',
  service_unavailable: 'Payments are briefly unavailable. Nothing was charged; try again shortly.',
  ledger_unavailable: 'Payments are briefly unavailable. Nothing was charged; try again shortly.',
  maintenance: 'Ducat is down for a short maintenance. Nothing was charged; try again shortly.',
  internal_error: TRY_AGAIN,
  insufficient_funds: (info, context) => {
    const most = available(info);
    if (context === 'withdraw') {
      return most ? `You can withdraw at most ${most}.` : 'Your wallet does not hold that much.';
    }
    return most
      ? `Your wallet holds ${most}, which is not enough for this payment. Add money or pay another way.`
      : 'Your wallet does not hold enough for this payment. Add money or pay another way.';
  },
  currency_mismatch: 'Your wallet cannot pay in this currency. Pay by card instead.',
  currency_unsupported: 'This currency is not accepted here. Nothing was charged.',
  provider_mode_mismatch:
    'This payment method cannot take this payment. Nothing was charged; choose another.',
  account_not_found: 'Your wallet is not set up for this currency yet. Pay by card instead.',
  account_closed: 'This wallet is closed. Contact support.',
  amount_not_positive: 'Enter an amount above zero.',
  amount_too_large: 'That amount is too large.',
  merchant_inactive: 'This shop cannot take payments right now. Nothing was charged.',
  merchant_unknown: 'This shop cannot take payments right now. Nothing was charged.',
  invalid_credentials: 'The email or password is wrong.',
  session_required: 'Please sign in again to continue. Your order is kept.',
  csrf_invalid: 'Your session changed in another tab. Reload the page and try again.',
  account_locked: 'This account is locked. Contact support.',
  email_token_invalid: 'This link has expired or was already used. Ask for a new one.',
  email_taken: 'An account with this email already exists. Sign in instead.',
  error_signature:
    'This payment link is not valid. Nothing was charged. Go back to the shop and start again.',
  order_not_found: 'We could not find this order. Go back to the shop and start again.',
  order_busy: 'This order is being paid in another window. Wait a moment.',
  card_not_found: 'That card is no longer saved. Choose another.',
  deposit_declined: 'Your card was declined. No money was taken; try another card.',
  provider_unknown: 'This payment method is not available. Choose another.',
  provider_disabled: 'This payment method is not available right now. Choose another.',
  provider_unavailable:
    'The card provider is not answering. Nothing was charged; try again or pay another way.',
  provider_declined: 'Your card was declined. No money was taken; try another card.',
  provider_rejected:
    'The card provider refused the request. Nothing was charged; try again or pay another way.',
  provider_response_invalid:
    'The card provider gave an answer we could not read. Nothing was charged; try again.',
  risk_review_required:
    'This payment needs a short review. Pay from your wallet, or contact the shop.',
  risk_review_pending: 'This payment is being reviewed. You will hear from the shop.',
  network_error: 'We could not reach Ducat. Check your connection and try again.',
  withdrawal_failed: 'The bank transfer was refused. The money is back in your wallet.',
  email_taken_or_unverified: (info) =>
    info.message && !INTERNAL.test(info.message)
      ? info.message
      : 'This email cannot be used to sign up. Sign in instead.',
  campaign_code_invalid: 'That code is not valid. Check it and try again.',
  campaign_not_active: 'That code is not active right now.',
  campaign_not_eligible: 'That code cannot be used on this order.',
  campaign_budget_exhausted: 'That offer has run out. You can still pay the full price.',
  discount_locked: 'The price of this order is fixed now; a code can no longer be added.',
  unexpected_error: TRY_AGAIN,
} satisfies Partial<Record<ErrorCode | ClientCode, Message>>;

export type ShopperCode = keyof typeof SHOPPER_MESSAGES;

export function isShopperCode(code: string): code is ShopperCode {
  return Object.hasOwn(SHOPPER_MESSAGES, code);
}

/**
 * What a shopper reads about a failed call: the table's text for its code (a code the table
 * does not know gets the generic apology, never the server's raw text).
 *
 * @example
 * shopperMessage({ code: 'insufficient_funds', message: '…', details: { available: 500, currency: 'EUR' } }, 'withdraw')
 * // "You can withdraw at most €5.00."
 */
export function shopperMessage(info: ApiErrorInfo, context: ShopperContext = 'checkout'): string {
  if (!isShopperCode(info.code)) return TRY_AGAIN;
  const message: Message = SHOPPER_MESSAGES[info.code];
  return typeof message === 'string' ? message : message(info, context);
}

/** The card provider's decline codes, as the shopper reads them after a failed attempt. */
export function declineMessage(code: string | null | undefined): string {
  switch (code) {
    case 'insufficient_funds':
      return 'Your card was declined for insufficient funds. No money was taken.';
    case 'expired_card':
      return 'Your card has expired. No money was taken.';
    case 'provider_error':
      return 'The card provider had a problem and the payment did not start. No money was taken.';
    case 'provider_timeout':
      return 'The card provider did not answer in time, so the payment did not start. You were not charged.';
    case 'card_declined':
    case 'declined':
    case null:
    case undefined:
      return 'Your card was declined. No money was taken.';
    default:
      return 'The payment did not go through. No money was taken.';
  }
}
