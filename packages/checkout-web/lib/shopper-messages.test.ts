import { ERROR_CODES, type ErrorCode } from '@ducat/server/errors';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_CODES,
  declineMessage,
  isShopperCode,
  SHOPPER_MESSAGES,
  shopperMessage,
} from './shopper-messages';

/**
 * Codes only merchants, staff, providers or the platform itself meet: merchant API auth,
 * admin work, reconciliation, IPNs, refunds and payouts, ledger internals. Every other code the
 * server has must have a shopper message; a new server code fails this test until it is put on
 * one side or the other.
 */
const NOT_FOR_SHOPPERS: readonly ErrorCode[] = [
  'event_invalid',
  'same_account',
  'transfer_not_found',
  'transfer_not_pending',
  'transfer_already_posted',
  'transfer_already_voided',
  'transfer_expired',
  'ledger_check_running',
  'jwt_missing',
  'jwt_malformed',
  'jwt_algorithm_unsupported',
  'jwt_signature_invalid',
  'jwt_expired',
  'jwt_not_yet_valid',
  'jwt_lifetime_too_long',
  'jwt_audience_invalid',
  'jwt_replayed',
  'merchant_key_revoked',
  'merchant_key_expired',
  'merchant_status_invalid',
  'merchant_not_active',
  'json_invalid',
  'method_not_allowed',
  'order_reference_taken',
  'order_signature_required',
  'order_signature_invalid',
  'order_not_cancellable',
  'order_not_refundable',
  'order_archived',
  'refund_exceeds_captured',
  'exception_not_found',
  'exception_resolved',
  'payout_not_found',
  'ipn_delivery_in_flight',
  'ipn_cursor_invalid',
  'provider_signature_invalid',
  'provider_payload_invalid',
  'provider_payment_unknown',
  'recon_difference_not_found',
  'recon_difference_resolved',
  'recon_difference_open',
  'recon_run_not_found',
  'settlement_file_invalid',
  'report_period_invalid',
  'report_too_large',
  'risk_hold_not_found',
  'risk_hold_resolved',
  'risk_rules_stale',
  'settings_stale',
  'provider_name_taken',
  'job_unknown',
  'webhook_endpoint_not_found',
  'webhook_endpoint_primary',
  'webhook_endpoint_limit',
  'event_not_found',
  'campaign_not_found',
  'campaign_state_invalid',
  'campaign_code_taken',
];

const ID = /\b(?:acc|trf|ord|pp|mch|usr|lnk|evt|wd)_[1-9A-Za-z]{6,}/;

describe('the shopper error table', () => {
  it('has a message for every server code a shopper can meet', () => {
    const missing = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
      (code) => !NOT_FOR_SHOPPERS.includes(code) && !isShopperCode(code),
    );
    expect(missing).toEqual([]);
  });

  it('lists no code on both sides, and only codes the server has', () => {
    const both = NOT_FOR_SHOPPERS.filter((code) => isShopperCode(code));
    expect(both).toEqual([]);
    const unknown = Object.keys(SHOPPER_MESSAGES).filter(
      (code) => !(code in ERROR_CODES) && !(CLIENT_CODES as readonly string[]).includes(code),
    );
    expect(unknown).toEqual([]);
  });

  it('never shows an id, whatever the server sent', () => {
    const leaky = {
      message: 'Account acc_1pBq7Zx9Lm3Nc8Rt5Vw2Ky has insufficient funds.',
      requestId: 'req_1',
    };
    for (const code of Object.keys(SHOPPER_MESSAGES)) {
      for (const context of ['checkout', 'withdraw', 'deposit', 'account', 'cards'] as const) {
        const text = shopperMessage({ code, ...leaky }, context);
        expect(text, code).not.toMatch(ID);
        expect(text, code).not.toMatch(/req_/);
        expect(text.length, code).toBeGreaterThan(10);
      }
    }
  });

  it('a withdrawal says the most that can be withdrawn; the checkout says what the wallet holds', () => {
    const info = {
      code: 'insufficient_funds',
      message: 'The balance is too low for this amount.',
      details: { available: 1_250, currency: 'EUR' },
    };
    expect(shopperMessage(info, 'withdraw')).toBe('You can withdraw at most €12.50.');
    expect(shopperMessage(info, 'checkout')).toMatch(/holds €12\.50/);
  });

  it('passes a validation message through only when nothing internal is in it', () => {
    expect(
      shopperMessage({ code: 'validation_failed', message: 'Enter an amount above zero.' }),
    ).toBe('Enter an amount above zero.');
    expect(
      shopperMessage({
        code: 'validation_failed',
        message: 'Invalid IPN: ledger leg trf_1xyzAbcDef12',
      }),
    ).toBe('Please check what you entered and try again.');
  });

  it('an unknown code gets the generic apology, not the raw server text', () => {
    expect(shopperMessage({ code: 'something_new', message: 'Account acc_1 broke' })).toMatch(
      /Nothing was charged/,
    );
  });

  it('explains card declines without the provider code', () => {
    expect(declineMessage('card_declined')).toBe('Your card was declined. No money was taken.');
    expect(declineMessage('weird_provider_code')).not.toMatch(/weird/);
  });

  it('says a payment that did not start (provider error, no answer) took no money', () => {
    for (const code of ['provider_error', 'provider_timeout']) {
      expect(declineMessage(code)).toMatch(/did not start/);
      expect(declineMessage(code)).not.toMatch(/declined|provider_/);
    }
  });
});
