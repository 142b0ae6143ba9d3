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
});
