import { describe, expect, it } from 'vitest';
import { type CheckoutView, outcomeOf } from './checkout';

const view = (overrides: Partial<CheckoutView>): CheckoutView => ({
  orderId: 'ord_1',
  merchantName: 'Acme',
  mode: 'test',
  amount: 3200,
  grossAmount: 3200,
  discountAmount: 0,
  discount: null,
  currency: 'EUR',
  description: null,
  items: null,
  status: 'exception_checkout',
  expiresAt: '2026-12-03T10:00:00.000Z',
  redirectUrl: null,
  cancelUrl: 'https://shop.example/cancel',
  exceptionResolution: null,
  providers: ['sandbox'],
  brand: {
    name: 'Acme',
    logoUrl: null,
    color: null,
    supportEmail: null,
    supportUrl: null,
    termsUrl: null,
    privacyUrl: null,
  },
  attempts: { failed: 0, left: 5, lastFailureCode: null },
  receipt: null,
  ...overrides,
});

describe('what the shopper is told about a late payment', () => {
  it('while it is open: platform staff review it (not the merchant), and the page will say', () => {
    const outcome = outcomeOf(view({}), false);
    expect(outcome.code).toBe('late_payment');
    expect(outcome.body).toContain('Our payments team');
    expect(outcome.body).not.toContain('Acme will');
  });

  it('once refunded: the money went back, the merchant did not receive it', () => {
    const outcome = outcomeOf(view({ exceptionResolution: 'refunded' }), false);
    expect(outcome).toMatchObject({
      code: 'late_payment_refunded',
      title: 'Your payment was refunded',
    });
    expect(outcome.body).toContain('Acme did not receive it');
  });

  it('once honoured the order is paid, and says so', () => {
    const outcome = outcomeOf(
      view({ status: 'checkout_success', exceptionResolution: 'honoured' }),
      false,
    );
    expect(outcome.code).toBe('already_paid');
  });
});
