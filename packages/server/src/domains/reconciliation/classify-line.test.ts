import { describe, expect, it } from 'vitest';
import { classifyLine, type Entry } from './classify-line.js';

const at = new Date('2026-11-20T10:00:00Z');
function entry(overrides: Partial<Entry> & Pick<Entry, 'source'>): Entry {
  return {
    matchKey: 'x:1',
    itemRef: `${overrides.source}-${Math.random()}`,
    kind: 'payment',
    merchantId: 'mch_1',
    mode: 'test',
    amount: 1000,
    currency: 'EUR',
    status:
      overrides.source === 'record'
        ? 'checkout_success'
        : overrides.source === 'ledger'
          ? 'posted'
          : 'settled',
    viaProvider: true,
    subjectAt: at,
    ...overrides,
  };
}
const outcome = (entries: Entry[]) => {
  const o = classifyLine(entries);
  return o.outcome === 'difference' ? o.category : o.outcome;
};

describe('classifying one line', () => {
  it('a wallet payment needs no provider line', () => {
    expect(
      outcome([entry({ source: 'record', viaProvider: false }), entry({ source: 'ledger' })]),
    ).toBe('matched');
  });

  it('refunds add up: two partial refunds in the ledger and at the provider match the order total', () => {
    const kind = 'refund' as const;
    const lines = [
      entry({ source: 'record', kind, amount: 700, status: 'partially_refunded' }),
      entry({ source: 'ledger', kind, amount: 300 }),
      entry({ source: 'ledger', kind, amount: 400 }),
      entry({ source: 'provider', kind, amount: 300 }),
      entry({ source: 'provider', kind, amount: 400 }),
    ];
    expect(outcome(lines)).toBe('matched');
    expect(outcome(lines.slice(0, 4))).toBe('amount_mismatch');
  });

  it('a withdrawal still pending with its reservation is not a line; paid with only a reservation is a status mismatch', () => {
    const kind = 'withdrawal' as const;
    expect(
      outcome([
        entry({ source: 'record', kind, status: 'pending' }),
        entry({ source: 'ledger', kind, status: 'pending' }),
      ]),
    ).toBe('skip');
    expect(
      outcome([
        entry({ source: 'record', kind, status: 'paid' }),
        entry({ source: 'ledger', kind, status: 'pending' }),
        entry({ source: 'provider', kind }),
      ]),
    ).toBe('status_mismatch');
  });

  it('a failed deposit the provider settled is a status mismatch; a succeeded one missing in the ledger is missing in ledger', () => {
    const kind = 'deposit' as const;
    expect(
      outcome([
        entry({ source: 'record', kind, status: 'failed' }),
        entry({ source: 'provider', kind }),
      ]),
    ).toBe('status_mismatch');
    expect(
      outcome([
        entry({ source: 'record', kind, status: 'succeeded' }),
        entry({ source: 'provider', kind }),
      ]),
    ).toBe('missing_in_ledger');
  });

  it('a ledger payment with no record is a missing order, and the delta says what the ledger holds', () => {
    const o = classifyLine([entry({ source: 'ledger', amount: 2500 })]);
    expect(o).toMatchObject({ outcome: 'difference', category: 'missing_order', delta: -2500 });
  });

  describe('the signed delta (expected by the record minus what the disagreeing source moved)', () => {
    const delta = (entries: Entry[]) => {
      const o = classifyLine(entries);
      if (o.outcome !== 'difference') throw new Error(`not a difference: ${o.outcome}`);
      return { category: o.category, delta: o.delta, currency: o.currency };
    };

    it('amount_mismatch: order and ledger say 3200, the provider settled 3150 -> +50', () => {
      expect(
        delta([
          entry({ source: 'record', amount: 3200 }),
          entry({ source: 'ledger', amount: 3200 }),
          entry({ source: 'provider', amount: 3150 }),
        ]),
      ).toEqual({ category: 'amount_mismatch', delta: 50, currency: 'EUR' });
      // The provider settled more than the order: negative.
      expect(
        delta([
          entry({ source: 'record', amount: 3200 }),
          entry({ source: 'ledger', amount: 3200 }),
          entry({ source: 'provider', amount: 3300 }),
        ]).delta,
      ).toBe(-100);
      // The ledger disagrees first: its gap is the one named.
      expect(
        delta([
          entry({ source: 'record', amount: 3200 }),
          entry({ source: 'ledger', amount: 3000 }),
          entry({ source: 'provider', amount: 3200 }),
        ]).delta,
      ).toBe(200);
    });

    it('duplicate: the provider settled a 1000 payment twice -> -1000 (one extra copy)', () => {
      expect(
        delta([
          entry({ source: 'record', amount: 1000 }),
          entry({ source: 'ledger', amount: 1000 }),
          entry({ source: 'provider', amount: 1000 }),
          entry({ source: 'provider', amount: 1000 }),
        ]),
      ).toEqual({ category: 'duplicate', delta: -1000, currency: 'EUR' });
      // Two settlement lines and no record: one copy expected, one extra.
      expect(
        delta([
          entry({ source: 'provider', amount: 700 }),
          entry({ source: 'provider', amount: 700 }),
        ]),
      ).toEqual({ category: 'duplicate', delta: -700, currency: 'EUR' });
    });

    it('missing_order: money at the provider for no record -> minus the amount', () => {
      expect(delta([entry({ source: 'provider', amount: 1234 })])).toEqual({
        category: 'missing_order',
        delta: -1234,
        currency: 'EUR',
      });
    });

    it('status_mismatch: a failed order the provider settled -> minus the amount; a paid withdrawal with only a reservation -> plus', () => {
      expect(
        delta([
          entry({ source: 'record', amount: 900, status: 'error_checkout' }),
          entry({ source: 'provider', amount: 900 }),
        ]),
      ).toEqual({ category: 'status_mismatch', delta: -900, currency: 'EUR' });
      expect(
        delta([
          entry({ source: 'record', kind: 'withdrawal', amount: 600, status: 'paid' }),
          entry({ source: 'ledger', kind: 'withdrawal', amount: 600, status: 'pending' }),
          entry({ source: 'provider', kind: 'withdrawal', amount: 600 }),
        ]),
      ).toEqual({ category: 'status_mismatch', delta: 600, currency: 'EUR' });
    });

    it('missing_in_ledger and missing_at_provider -> plus the amount', () => {
      expect(
        delta([
          entry({ source: 'record', amount: 700 }),
          entry({ source: 'provider', amount: 700 }),
        ]),
      ).toEqual({ category: 'missing_in_ledger', delta: 700, currency: 'EUR' });
      expect(
        delta([entry({ source: 'record', amount: 800 }), entry({ source: 'ledger', amount: 800 })]),
      ).toEqual({ category: 'missing_at_provider', delta: 800, currency: 'EUR' });
    });

    it('currency_mismatch: settled in USD what the order wants in EUR -> the EUR amount is missing', () => {
      expect(
        delta([
          entry({ source: 'record', amount: 500 }),
          entry({ source: 'ledger', amount: 500 }),
          entry({ source: 'provider', amount: 500, currency: 'USD' }),
        ]),
      ).toEqual({ category: 'currency_mismatch', delta: 500, currency: 'EUR' });
    });

    it('refunds: 700 refunded, 300 of it settled by the provider -> +400', () => {
      const kind = 'refund' as const;
      expect(
        delta([
          entry({ source: 'record', kind, amount: 700, status: 'partially_refunded' }),
          entry({ source: 'ledger', kind, amount: 300 }),
          entry({ source: 'ledger', kind, amount: 400 }),
          entry({ source: 'provider', kind, amount: 300 }),
        ]),
      ).toEqual({ category: 'amount_mismatch', delta: 400, currency: 'EUR' });
    });
  });
});
