'use client';

import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Input,
  Label,
  NativeSelect,
  Skeleton,
} from '@ducat/ui';
import { formatMoney, parseMoney, toDecimalText } from '@ducat/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useApi, useTRPC } from '@/lib/api';
import { formText, useAction } from '@/lib/use-action';
import { FormError } from '../form-error';
import { cardName } from './labels';

/** Where the cards page sends the shopper after a card was saved for a deposit. */
export const AFTER_CARD_KEY = 'ducat:after-card';

/** Starts saving a card at the provider; the cards page continues to `after` when it is saved. */
export function AddCardButton({ after, label = 'Add a card' }: { after?: string; label?: string }) {
  const { client } = useApi();
  const { busy, error, run } = useAction();
  async function start() {
    const setup = await run(() => client.cards.startSetup.mutate({ provider: 'sandbox' }));
    if (!setup) return;
    if (after) sessionStorage.setItem(AFTER_CARD_KEY, after);
    window.location.assign(setup.redirectUrl);
  }
  return (
    <div className="grid gap-2">
      <Button type="button" variant="outline" disabled={busy} aria-busy={busy} onClick={start}>
        {busy ? 'Opening the card page…' : label}
      </Button>
      <FormError error={error} context="cards" />
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
  const { busy, error, setError, run } = useAction({ keyPrefix: 'deposit' });
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const here =
    typeof window === 'undefined' ? '/wallet' : window.location.pathname + window.location.search;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const amount = parseMoney(formText(form, 'amount'), props.currency);
    const cardId = formText(form, 'cardId');
    if (!amount) {
      setError({
        code: 'validation_failed',
        message: 'Enter an amount, such as 25.00.',
        field: 'amount',
      });
      return;
    }
    setMessage(null);
    const deposit = await run((idempotencyKey) =>
      client.wallet.deposit.mutate(
        { cardId, amount, currency: props.currency },
        { context: { idempotencyKey } },
      ),
    );
    if (!deposit) return;
    await queryClient.invalidateQueries();
    if (deposit.status === 'succeeded') {
      setMessage(`${formatMoney(amount, props.currency)} added to your wallet.`);
      if (props.returnTo) window.location.assign(props.returnTo);
    } else if (deposit.status === 'pending') {
      setMessage(
        'The provider has not confirmed the deposit yet; it shows in your balance once it does.',
      );
    } else {
      setError({ code: 'deposit_declined', message: 'The card was declined. Nothing was added.' });
    }
  }

  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader>
        <CardTitle id={`${id}-title`}>Add money</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {props.returnTo ? (
          <Alert tone="info">
            <p>After the deposit we take you back to your order.</p>
          </Alert>
        ) : null}
        {cards.isPending ? (
          <Skeleton className="h-11 w-full" />
        ) : cards.isError ? (
          <p role="alert">Your cards could not be loaded. Reload the page to try again.</p>
        ) : cards.data.length === 0 ? (
          <div className="grid gap-2">
            <p className="text-muted-foreground">
              Save a card first: you type it on the provider&apos;s secure page.
            </p>
            <AddCardButton after={here} />
          </div>
        ) : (
          <form className="grid gap-2" onSubmit={submit} noValidate>
            <Label htmlFor={`${id}-card`}>Card</Label>
            <NativeSelect id={`${id}-card`} name="cardId" required>
              {cards.data.map((card) => (
                <option key={card.id} value={card.id}>
                  {cardName(card)} (expires {String(card.expMonth).padStart(2, '0')}/{card.expYear})
                </option>
              ))}
            </NativeSelect>
            <Label htmlFor={`${id}-amount`}>Amount ({props.currency})</Label>
            <Input
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
            <FormError error={error} context="deposit" />
            {message ? (
              <Alert tone="success">
                <p>{message}</p>
              </Alert>
            ) : null}
            <Button type="submit" block disabled={busy} aria-busy={busy} className="mt-1">
              {busy ? 'Adding…' : 'Add money'}
            </Button>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

/** Pays money out of the wallet through the provider to a bank account. */
export function WithdrawForm({ currency }: { currency: string }) {
  const trpc = useTRPC();
  const { client } = useApi();
  const balances = useQuery(trpc.wallet.balance.queryOptions());
  // The sandbox pays out test money: the most that can leave is the test balance's available.
  const most =
    balances.data?.find((b) => b.currency === currency && b.mode === 'test')?.available ?? 0;
  const queryClient = useQueryClient();
  const { busy, error, setError, run } = useAction({ keyPrefix: 'withdraw' });
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const amount = parseMoney(formText(form, 'amount'), currency);
    const iban = formText(form, 'iban').replace(/\s+/g, '');
    if (!amount) {
      setError({
        code: 'validation_failed',
        message: 'Enter an amount, such as 10.00.',
        field: 'amount',
      });
      return;
    }
    if (balances.data && amount > most) {
      setError({
        code: 'insufficient_funds',
        message: '',
        field: 'amount',
        details: { available: most, currency },
      });
      return;
    }
    setMessage(null);
    const withdrawal = await run((idempotencyKey) =>
      client.wallet.withdraw.mutate(
        { amount, currency, provider: 'sandbox', destination: { iban } },
        { context: { idempotencyKey } },
      ),
    );
    if (!withdrawal) return;
    await queryClient.invalidateQueries();
    if (withdrawal.status === 'paid')
      setMessage(`${formatMoney(amount, currency)} sent to your bank.`);
    else if (withdrawal.status === 'pending') {
      setMessage(
        'The withdrawal is on its way; the amount is reserved until the provider confirms.',
      );
    } else {
      setError({
        code: 'withdrawal_failed',
        message: 'The provider refused the withdrawal; the money is back in your wallet.',
      });
    }
  }

  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader>
        <CardTitle id={`${id}-title`}>Withdraw</CardTitle>
      </CardHeader>
      <CardContent>
        <form className="grid gap-2" onSubmit={submit} noValidate>
          <Label htmlFor={`${id}-amount`}>Amount ({currency})</Label>
          <Input
            id={`${id}-amount`}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            required
            aria-describedby={`${id}-most`}
            aria-invalid={error?.field === 'amount'}
          />
          <p
            id={`${id}-most`}
            className="text-sm text-muted-foreground"
            data-testid="withdraw-most"
          >
            {balances.isPending
              ? 'Checking what you can withdraw…'
              : most > 0
                ? `You can withdraw up to ${formatMoney(most, currency)}.`
                : 'Your wallet has nothing to withdraw yet.'}
          </p>
          <Label htmlFor={`${id}-iban`}>Bank account (IBAN)</Label>
          <Input
            id={`${id}-iban`}
            name="iban"
            autoComplete="off"
            required
            maxLength={200}
            aria-invalid={error?.field === 'iban'}
          />
          <FormError error={error} context="withdraw" />
          {message ? (
            <Alert tone="success">
              <p>{message}</p>
            </Alert>
          ) : null}
          <Button
            type="submit"
            variant="outline"
            block
            disabled={busy}
            aria-busy={busy}
            className="mt-1"
          >
            {busy ? 'Sending…' : 'Withdraw'}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
