import { describe, expect, it } from 'vitest';
import * as schema from '../../server/src/db/schema/index.js';
import { ORDER_STATUS_LABELS, STATUS_LABELS, statusInfo } from './status';

/** Every `*_STATUSES` enum the server's schema exports, plus the risk decisions it returns. */
function serverStatusEnums(): Record<string, readonly string[]> {
  const enums: Record<string, readonly string[]> = {};
  for (const [name, value] of Object.entries(schema)) {
    if (/_STATUSES$/.test(name) && Array.isArray(value)) enums[name] = value as string[];
  }
  enums.RISK_ACTIONS = schema.RISK_ACTIONS;
  return enums;
}

describe('status labels', () => {
  it('finds the server status enums (the test reads the real schema)', () => {
    const names = Object.keys(serverStatusEnums());
    expect(names).toEqual(
      expect.arrayContaining([
        'ORDER_STATUSES',
        'MERCHANT_STATUSES',
        'PAYOUT_STATUSES',
        'REFUND_STATUSES',
        'IPN_STATUSES',
        'RECON_DIFFERENCE_STATUSES',
        'RECON_RUN_STATUSES',
        'EXCEPTION_STATUSES',
      ]),
    );
  });

  it('gives every status the server can return a human label and a tone', () => {
    const missing: string[] = [];
    for (const [name, values] of Object.entries(serverStatusEnums())) {
      for (const value of values) {
        if (!STATUS_LABELS[value]) missing.push(`${name}.${value}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a label for each order status and no order status reads as its code', () => {
    expect(Object.keys(ORDER_STATUS_LABELS).sort()).toEqual([...schema.ORDER_STATUSES].sort());
    for (const status of schema.ORDER_STATUSES) {
      expect(statusInfo(status).label).not.toBe(status);
    }
    expect(statusInfo('checkout_success')).toEqual({ label: 'Paid', tone: 'success' });
    expect(statusInfo('exception_checkout').tone).toBe('warning');
  });

  it('shows an unknown code as words, neutral, instead of failing', () => {
    expect(statusInfo('some_new_state')).toEqual({ label: 'some new state', tone: 'neutral' });
  });
});
