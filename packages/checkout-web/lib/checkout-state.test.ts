import { describe, expect, it } from 'vitest';
import type { CheckoutView } from './checkout';
import { checkoutReducer, initialCheckoutState } from './checkout-state';

const open: CheckoutView = {
  orderId: 'ord_1',
  merchantName: 'Rosa Bakery',
  brand: {
    name: 'Rosa Bakery',
    logoUrl: null,
    color: null,
    supportEmail: null,
    supportUrl: null,
    termsUrl: null,
    privacyUrl: null,
  },
  mode: 'test',
  amount: 1_250,
  grossAmount: 1_250,
  discountAmount: 0,
  discount: null,
  currency: 'EUR',
  description: null,
  items: null,
  status: 'created',
  expiresAt: '2030-01-01T00:00:00.000Z',
  redirectUrl: null,
  cancelUrl: 'https://shop.example/cancel',
  attempts: { failed: 0, left: 5, lastFailureCode: null },
  receipt: null,
  providers: ['sandbox'],
  exceptionResolution: null,
};
const paid: CheckoutView = {
  ...open,
  status: 'checkout_success',
  redirectUrl: 'https://shop.example/return?signature=x',
  receipt: {
    method: 'card',
    cardBrand: 'visa',
    cardLast4: '4242',
    reference: 'cart-1',
    paidAt: '2026-01-01T00:00:00.000Z',
  },
};

describe('the checkout state', () => {
  it('back from the provider on a paid order: Payment complete (fresh), not "already paid"', () => {
    const state = initialCheckoutState({ view: paid, signedIn: false, returning: true });
    expect(state).toMatchObject({ phase: 'final', fresh: true });
    // Opening the link later, without the provider's return: already paid.
    expect(initialCheckoutState({ view: paid, signedIn: false, returning: false }).fresh).toBe(
      false,
    );
  });

  it('back from the provider on an open order: waits for the answer', () => {
    expect(initialCheckoutState({ view: open, signedIn: false, returning: true }).phase).toBe(
      'waiting',
    );
  });

  it('a decline returns to the choice, on the card tab, with the decline shown', () => {
    let state = initialCheckoutState({ view: open, signedIn: true, returning: true });
    state = checkoutReducer(state, {
      type: 'attempt_failed',
      view: { ...open, attempts: { failed: 1, left: 4, lastFailureCode: 'card_declined' } },
      failureCode: 'card_declined',
    });
    expect(state).toMatchObject({ phase: 'choose', declined: 'card_declined', method: 'card' });
    expect(state.view.attempts.left).toBe(4);
  });

  it('an open order with an earlier decline says so when the page opens', () => {
    const view = { ...open, attempts: { failed: 2, left: 3, lastFailureCode: 'card_declined' } };
    expect(initialCheckoutState({ view, signedIn: false, returning: false }).declined).toBe(
      'card_declined',
    );
  });

  it('signing in moves to the wallet; a session that ended moves back to sign-in', () => {
    let state = initialCheckoutState({ view: open, signedIn: false, returning: false });
    expect(state.method).toBe('wallet');
    state = checkoutReducer(state, { type: 'method_chosen', method: 'card' });
    state = checkoutReducer(state, { type: 'signed_in' });
    expect(state).toMatchObject({ signedIn: true, method: 'wallet' });
    state = checkoutReducer(state, { type: 'pay_started' });
    state = checkoutReducer(state, {
      type: 'pay_failed',
      error: { code: 'session_required', message: 'Log in first.' },
    });
    expect(state).toMatchObject({ phase: 'choose', signedIn: false });
  });

  it('a final outcome is not undone by a late poll answer', () => {
    let state = initialCheckoutState({ view: open, signedIn: true, returning: false });
    state = checkoutReducer(state, { type: 'finished', view: paid, fresh: true });
    state = checkoutReducer(state, { type: 'view_updated', view: open });
    expect(state).toMatchObject({ phase: 'final', view: { status: 'checkout_success' } });
  });
});
