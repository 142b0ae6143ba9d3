'use client';

import {
  type ApiErrorInfo,
  apiErrorOf,
  formatMoney,
  parseMoney,
  toDecimalText,
} from '@ducat/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { newIdempotencyKey, useApi, useTRPC } from '@/lib/api';
import { FormError } from '../form-error';

/** Where the cards page sends the shopper after a card was saved for a deposit. */
export const AFTER_CARD_KEY = 'ducat:after-card';

/** Starts saving a card at the provider; the cards page continues to `after` when it is saved. */
export function AddCardButton({ after, label = 'Add a card' }: { after?: string; label?: string }) {
  const { client } = useApi();
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="stack-tight">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const { redirectUrl } = await client.cards.startSetup.mutate({ provider: 'sandbox' });
            if (after) sessionStorage.setItem(AFTER_CARD_KEY, after);
            window.location.assign(redirectUrl);
          } catch (caught) {
            setError(apiErrorOf(caught));
            setBusy(false);
          }
        }}
      >
        {busy ? 'Opening the card page…' : label}
      </button>
      <FormError error={error} />
    </div>
  );
}

/**
 * Adds money from a saved card through the provider. Prefilled from a checkout's "add money"
 * shortcut (`?deposit=<minor units>&currency=…&returnTo=/pay/…`), and goes back to that order
 * once the money arrived.
 */
export function DepositForm(props: {
  initialAmount?: number | undefined;
  currency: string;
  returnTo?: string | undefined;
}) {
  const trpc = useTRPC();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const cards = useQuery(trpc.cards.list.queryOptions());
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | undefined>(undefined);
  const id = useId();
  const here =
    typeof window === 'undefined' ? '/wallet' : window.location.pathname + window.location.search;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const amount = parseMoney(String(form.get('amount') ?? ''), props.currency);
    const cardId = String(form.get('cardId') ?? '');
    if (!amount) {
      setError({
        code: 'validation_failed',
        message: 'Enter an amount, such as 25.00.',
        field: 'amount',
      });
      return;
    }
    setBusy(true);
    setError(null);
    setMessage(null);
    key.current ??= newIdempotencyKey('deposit');
    try {
      const deposit = await client.wallet.deposit.mutate(
        { cardId, amount, currency: props.currency },
        { context: { idempotencyKey: key.current } },
      );
      key.current = undefined;
      await queryClient.invalidateQueries();
      if (deposit.status === 'succeeded') {
        setMessage(`${formatMoney(amount, props.currency)} added to your wallet.`);
        if (props.returnTo) window.location.assign(props.returnTo);
      } else if (deposit.status === 'pending') {
        setMessage(
          'The provider has not confirmed the deposit yet; it shows in your balance once it does.',
        );
      } else {
        setError({
          code: 'deposit_declined',
          message: 'The card was declined. Nothing was added.',
        });
      }
    } catch (caught) {
      key.current = undefined;
      setError(apiErrorOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add money</h2>
      {props.returnTo ? (
        <p className="alert alert-info">After the deposit we take you back to your order.</p>
      ) : null}
      {cards.isPending ? (
        <p className="skeleton-line">Loading your cards…</p>
      ) : cards.isError ? (
        <p role="alert">Your cards could not be loaded.</p>
      ) : cards.data.length === 0 ? (
        <div className="stack-tight">
          <p className="empty">
            Save a card first: you type it on the provider&apos;s secure page.
          </p>
          <AddCardButton after={here} />
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <label htmlFor={`${id}-card`}>Card</label>
          <select id={`${id}-card`} name="cardId" required>
            {cards.data.map((card) => (
              <option key={card.id} value={card.id}>
                {card.brand} ending {card.last4} (expires {String(card.expMonth).padStart(2, '0')}/
                {card.expYear})
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-amount`}>Amount ({props.currency})</label>
          <input
            id={`${id}-amount`}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            required
            defaultValue={
              props.initialAmount ? toDecimalText(props.initialAmount, props.currency) : ''
            }
            aria-invalid={error?.field === 'amount'}
          />
          <FormError error={error} />
          {message ? (
            <p className="alert alert-success" role="status">
              {message}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
            {busy ? 'Adding…' : 'Add money'}
          </button>
        </form>
      )}
    </section>
  );
}

/** Pays money out of the wallet through the provider to a bank account. */
export function WithdrawForm({ currency }: { currency: string }) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | undefined>(undefined);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const amount = parseMoney(String(form.get('amount') ?? ''), currency);
    const iban = String(form.get('iban') ?? '').replace(/\s+/g, '');
    if (!amount) {
      setError({
        code: 'validation_failed',
        message: 'Enter an amount, such as 10.00.',
        field: 'amount',
      });
      return;
    }
    setBusy(true);
    setError(null);
    setMessage(null);
    key.current ??= newIdempotencyKey('withdraw');
    try {
      const withdrawal = await client.wallet.withdraw.mutate(
        { amount, currency, provider: 'sandbox', destination: { iban } },
        { context: { idempotencyKey: key.current } },
      );
      key.current = undefined;
      await queryClient.invalidateQueries();
      if (withdrawal.status === 'paid')
        setMessage(`${formatMoney(amount, currency)} sent to your bank.`);
      else if (withdrawal.status === 'pending') {
        setMessage(
          'The withdrawal is on its way; the amount is reserved until the provider confirms.',
        );
      } else
        setError({
          code: 'withdrawal_failed',
          message: 'The provider refused the withdrawal; the money is back in your wallet.',
        });
    } catch (caught) {
      key.current = undefined;
      setError(apiErrorOf(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Withdraw</h2>
      <form className="form" onSubmit={submit}>
        <label htmlFor={`${id}-amount`}>Amount ({currency})</label>
        <input id={`${id}-amount`} name="amount" inputMode="decimal" autoComplete="off" required />
        <label htmlFor={`${id}-iban`}>Bank account (IBAN)</label>
        <input id={`${id}-iban`} name="iban" autoComplete="off" required maxLength={200} />
        <FormError error={error} />
        {message ? (
          <p className="alert alert-success" role="status">
            {message}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy} aria-busy={busy}>
          {busy ? 'Sending…' : 'Withdraw'}
        </button>
      </form>
    </section>
  );
}
