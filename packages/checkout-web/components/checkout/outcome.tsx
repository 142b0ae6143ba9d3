'use client';

import { Alert, Button, Card } from '@ducat/ui';
import { formatMoney } from '@ducat/web-kit';
import { useEffect, useRef } from 'react';
import { type CheckoutView, outcomeOf } from '@/lib/checkout';

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

function Receipt({ view }: { view: CheckoutView }) {
  const receipt = view.receipt;
  if (!receipt) return null;
  const method =
    receipt.method === 'wallet'
      ? 'Ducat wallet'
      : receipt.cardLast4
        ? `${BRANDS[receipt.cardBrand ?? ''] ?? 'Card'} •••• ${receipt.cardLast4}`
        : 'Card';
  const rows: [string, string][] = [
    ['Paid to', view.merchantName || 'the merchant'],
    ['Amount', formatMoney(view.amount, view.currency)],
    ['Payment method', method],
    ['Order reference', receipt.reference],
    [
      'Date',
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(receipt.paidAt),
      ),
    ],
  ];
  return (
    <dl className="grid gap-2 rounded-md border border-border p-4 text-sm" data-testid="receipt">
      {rows.map(([term, value]) => (
        <div key={term} className="flex justify-between gap-4">
          <dt className="text-muted-foreground">{term}</dt>
          <dd className="text-right font-medium break-all tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The end of a checkout: what happened, the receipt of a payment, and the way back. */
export function CheckoutOutcome(props: { view: CheckoutView; fresh: boolean; embed: boolean }) {
  const { view, fresh, embed } = props;
  const outcome = outcomeOf(view, fresh, { embed });
  const focus = useRef<HTMLDivElement>(null);
  useEffect(() => {
    focus.current?.focus();
  }, []);
  const tone = outcome.tone === 'success' ? 'success' : outcome.tone === 'error' ? 'error' : 'info';
  return (
    <Card
      aria-live="polite"
      data-testid="checkout-outcome"
      data-status={view.status}
      className="grid gap-4 p-5 sm:p-6"
    >
      <div tabIndex={-1} ref={focus} className="outline-none">
        <Alert tone={tone} role="status">
          <h2 className="text-lg font-semibold">{outcome.title}</h2>
          <p>{outcome.body}</p>
        </Alert>
      </div>
      <Receipt view={view} />
      {view.redirectUrl && !embed ? (
        <Button asChild block size="lg">
          <a href={view.redirectUrl}>Return to {view.merchantName || 'the merchant'}</a>
        </Button>
      ) : null}
    </Card>
  );
}
