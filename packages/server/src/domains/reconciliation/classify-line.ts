import type {
  DifferenceDetails,
  ReconCategory,
  ReconKind,
  ReconSource,
  SourceView,
} from '../../db/schema/index.js';
import { PAID_ORDER_STATUSES } from './stage-entries.js';

export type Entry = {
  matchKey: string;
  source: ReconSource;
  itemRef: string;
  kind: ReconKind;
  merchantId: string | null;
  mode: 'test' | 'live' | null;
  amount: number;
  currency: string;
  status: string;
  viaProvider: boolean;
  subjectAt: Date;
};

export type LineOutcome =
  | { outcome: 'skip' }
  | { outcome: 'matched' }
  | {
      outcome: 'difference';
      category: ReconCategory;
      delta: number;
      details: DifferenceDetails;
      currency: string;
    };

/** Record statuses that mean "the money has moved", per kind. */
function settled(kind: ReconKind, status: string): boolean {
  switch (kind) {
    case 'payment':
    case 'refund':
      return PAID_ORDER_STATUSES.includes(status);
    case 'deposit':
      return status === 'succeeded';
    case 'withdrawal':
    case 'payout':
      return status === 'paid';
  }
}

function view(entries: Entry[]): SourceView | undefined {
  const first = entries[0];
  if (!first) return undefined;
  return {
    amount: entries.reduce((sum, e) => sum + e.amount, 0),
    currency: first.currency,
    status: first.status,
    count: entries.length,
  };
}

/**
 * Decides one line from what each source says about it. One category per line, the first that
 * applies in this order (each later test assumes the earlier ones passed): duplicate, missing
 * order, status mismatch, missing in ledger, missing at provider, currency mismatch, amount
 * mismatch. Refund lines add up several ledger transfers and provider lines (partial refunds),
 * so only they may have several entries per source.
 */
export function classifyLine(entries: Entry[]): LineOutcome {
  const record = entries.filter((e) => e.source === 'record');
  // A pending ledger transfer is a reservation, not money moved.
  const ledgerAll = entries.filter((e) => e.source === 'ledger');
  const ledger = ledgerAll.filter((e) => e.status === 'posted');
  const provider = entries.filter((e) => e.source === 'provider');
  const first = entries[0];
  if (!first) return { outcome: 'skip' };
  const kind = first.kind;
  const details: DifferenceDetails = {
    record: view(record),
    ledger: view(ledgerAll),
    provider: view(provider),
  };
  const recordView = view(record);
  const ledgerView = view(ledger);
  const providerView = view(provider);
  const currency = recordView?.currency ?? ledgerView?.currency ?? providerView?.currency ?? 'XXX';
  const delta = (recordView?.amount ?? 0) - (ledgerView?.amount ?? 0);
  const diff = (category: ReconCategory, d = delta): LineOutcome => ({
    outcome: 'difference',
    category,
    delta: d,
    details,
    currency,
  });

  if (kind !== 'refund' && (record.length > 1 || ledgerAll.length > 1 || provider.length > 1)) {
    // The extra copies are what is wrong, not the amount the record expects.
    return diff('duplicate', 0);
  }
  const rec = record[0];
  if (!rec) {
    return ledger.length > 0 || provider.length > 0 ? diff('missing_order') : { outcome: 'skip' };
  }
  const moved = ledger.length > 0 || provider.length > 0;
  if (!settled(kind, rec.status)) {
    return moved ? diff('status_mismatch') : { outcome: 'skip' };
  }
  if (ledger.length === 0) {
    return diff(ledgerAll.length > 0 ? 'status_mismatch' : 'missing_in_ledger');
  }
  if (rec.viaProvider && provider.length === 0) return diff('missing_at_provider', 0);
  const currencies = new Set([...record, ...ledger, ...provider].map((e) => e.currency));
  if (currencies.size > 1) return diff('currency_mismatch', 0);
  const amounts = new Set(
    [recordView, ledgerView, providerView].flatMap((v) => (v ? [v.amount] : [])),
  );
  if (amounts.size > 1) return diff('amount_mismatch');
  return { outcome: 'matched' };
}
