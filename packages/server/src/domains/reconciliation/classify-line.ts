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

/** The sum of the entries in the line's currency (money in another currency did not arrive in it). */
function sumIn(entries: Entry[], currency: string): number {
  return entries.reduce((sum, e) => (e.currency === currency ? sum + e.amount : sum), 0);
}

/**
 * The signed gap of a line, in minor units of its currency: what the record says should have
 * moved minus what the first source that disagrees says did move (the ledger's posted transfers
 * first, then the provider's settlement). Positive: money is missing (not in the ledger, not
 * settled, settled short or in another currency); negative: more moved than the record accounts
 * for (a payment nobody recorded, a record that says it failed, a provider settling twice or
 * over). A record whose money should not have moved expects 0. The same rule for every category,
 * so an adjustment of `|delta|` in the right direction closes the gap.
 */
function signedDelta(options: {
  record: Entry[];
  ledger: Entry[];
  provider: Entry[];
  kind: ReconKind;
  currency: string;
}): number {
  const { record, ledger, provider, kind, currency } = options;
  const rec = record[0];
  if (!rec) {
    // No record: nothing should have moved, except that one copy of a duplicate is one entry.
    const sides = [ledger, provider].filter((s) => s.length > 0);
    const copies = kind === 'refund' ? undefined : sides.find((s) => s.length > 1);
    const expected = copies?.[0]?.amount ?? 0;
    const side = copies ?? sides[0] ?? [];
    return expected - sumIn(side, currency);
  }
  const expected = settled(kind, rec.status) ? sumIn(record, currency) : 0;
  // A wallet payment has no provider side; a provider line that exists counts either way.
  const sides: Entry[][] = provider.length > 0 || rec.viaProvider ? [ledger, provider] : [ledger];
  for (const side of sides) {
    const moved = sumIn(side, currency);
    if (moved !== expected) return expected - moved;
  }
  return 0;
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
  const delta = signedDelta({ record, ledger, provider, kind, currency });
  const diff = (category: ReconCategory): LineOutcome => ({
    outcome: 'difference',
    category,
    delta,
    details,
    currency,
  });

  if (kind !== 'refund' && (record.length > 1 || ledgerAll.length > 1 || provider.length > 1)) {
    // The extra copies are what is wrong, not the amount the record expects.
    return diff('duplicate');
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
  if (rec.viaProvider && provider.length === 0) return diff('missing_at_provider');
  const currencies = new Set([...record, ...ledger, ...provider].map((e) => e.currency));
  if (currencies.size > 1) return diff('currency_mismatch');
  const amounts = new Set(
    [recordView, ledgerView, providerView].flatMap((v) => (v ? [v.amount] : [])),
  );
  if (amounts.size > 1) return diff('amount_mismatch');
  return { outcome: 'matched' };
}
