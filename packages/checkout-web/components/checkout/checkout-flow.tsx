'use client';

import {
  Alert,
  AlertTitle,
  Button,
  Card,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
} from '@ducat/ui';
import { apiErrorOf } from '@ducat/web-kit';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useReducer, useRef, useState } from 'react';
import { newIdempotencyKey, useApi } from '@/lib/api';
import { type CheckoutView, outcomeOf } from '@/lib/checkout';
import { checkoutReducer, initialCheckoutState, type Method } from '@/lib/checkout-state';
import { declineMessage } from '@/lib/shopper-messages';
import { AuthPanel } from '../auth-forms';
import { FormError } from '../form-error';
import { CardMethod } from './card-method';
import { DiscountCode } from './discount-code';
import { CheckoutOutcome } from './outcome';
import { PayingAs } from './paying-as';
import { useEmbedChannel, useExpiry, useProviderPoll } from './use-checkout-effects';
import { WaitingForProvider } from './waiting';
import { WalletMethod } from './wallet-method';

/** How long the success message shows before the shopper is sent back to the merchant. */
const REDIRECT_AFTER_MS = 2_500;
/**
 * The name of the window the widget opens for the provider's page. The provider sends the
 * shopper back to the full-page checkout in that window: there the outcome shows and the window
 * closes itself, while the widget (which polls too) tells the merchant's page.
 */
const PROVIDER_WINDOW = 'ducat-provider';

/**
 * The interactive part of a checkout (full page or widget): the payment methods as tabs (wallet,
 * with sign-in or sign-up right here; card at the provider), the wait for the provider, and the
 * outcome. A declined card is an attempt: the page says so and the order stays payable. Every pay
 * click carries an Idempotency-Key (kept for the retries of that click) and the buttons are
 * disabled while a payment runs, so a double click charges once. State: lib/checkout-state.ts.
 */
export function CheckoutFlow(props: {
  token: string;
  initialView: CheckoutView;
  signedIn: boolean;
  /** The shopper just came back from the provider's page. */
  returning: boolean;
  /** Set on the widget's embed page. */
  embed?: { allowedOrigins: string[] };
}) {
  const { token, embed } = props;
  const { client } = useApi();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [state, dispatch] = useReducer(
    checkoutReducer,
    { view: props.initialView, signedIn: props.signedIn, returning: props.returning },
    initialCheckoutState,
  );
  const { view, phase } = state;
  const { channel, refused } = useEmbedChannel(embed);
  const paying = useRef(false);
  const payKey = useRef<string | undefined>(undefined);
  const announced = useRef(false);
  const [cancelling, setCancelling] = useState(false);

  useProviderPoll({ active: phase === 'waiting', client, token, dispatch });
  const secondsLeft = useExpiry({ view, client, token, dispatch });

  // Final outcomes: the widget's parent is told once; the full page goes back to the merchant
  // after a success that happened here.
  useEffect(() => {
    if (phase !== 'final') return;
    if (embed) {
      if (!channel || announced.current) return;
      announced.current = true;
      if (view.status === 'checkout_success') {
        channel.post({
          type: 'ducat:success',
          orderId: view.orderId,
          status: view.status,
          ...(view.redirectUrl ? { redirectUrl: view.redirectUrl } : {}),
        });
      } else {
        const outcome = outcomeOf(view, state.fresh, { embed: true });
        channel.post({ type: 'ducat:error', code: outcome.code, message: outcome.title });
      }
      return;
    }
    if (window.name === PROVIDER_WINDOW) {
      const timer = setTimeout(() => window.close(), REDIRECT_AFTER_MS);
      return () => clearTimeout(timer);
    }
    if (state.fresh && view.status === 'checkout_success' && view.redirectUrl) {
      const target = view.redirectUrl;
      const timer = setTimeout(() => window.location.assign(target), REDIRECT_AFTER_MS);
      return () => clearTimeout(timer);
    }
  }, [phase, embed, channel, view, state.fresh]);

  async function payWithWallet() {
    if (paying.current) return;
    paying.current = true;
    dispatch({ type: 'pay_started' });
    payKey.current ??= newIdempotencyKey('wallet');
    try {
      const next = await client.checkout.payWithWallet.mutate(
        { token },
        { context: { idempotencyKey: payKey.current } },
      );
      payKey.current = undefined;
      void queryClient.invalidateQueries();
      dispatch({ type: 'finished', view: next, fresh: true });
    } catch (caught) {
      payKey.current = undefined;
      const info = apiErrorOf(caught);
      // Another request (another tab) was paying this order at that moment: show its outcome.
      if (info.code === 'order_busy') {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const current = await client.checkout.open.query({ token }).catch(() => null);
        if (current && current.status !== 'created') {
          dispatch({ type: 'finished', view: current, fresh: true });
          return;
        }
      }
      dispatch({ type: 'pay_failed', error: info });
    } finally {
      paying.current = false;
    }
  }

  async function payByCard() {
    if (paying.current) return;
    paying.current = true;
    dispatch({ type: 'pay_started' });
    payKey.current ??= newIdempotencyKey('card');
    // The widget cannot navigate its parent: the provider's page opens in a window of its own.
    const popup = embed ? window.open('', PROVIDER_WINDOW) : null;
    try {
      const started = await client.checkout.payWithProvider.mutate(
        { token, provider: view.providers[0] ?? 'sandbox' },
        { context: { idempotencyKey: payKey.current } },
      );
      payKey.current = undefined;
      if (!started.redirectUrl) {
        popup?.close();
        // The provider failed to start the payment: an attempt, like a decline (or the last one).
        if (started.failureCode && started.view.status === 'created') {
          dispatch({
            type: 'attempt_failed',
            view: started.view,
            failureCode: started.failureCode,
          });
        } else {
          dispatch({ type: 'finished', view: started.view, fresh: started.failureCode !== null });
        }
        return;
      }
      if (embed) {
        if (popup) popup.location.href = started.redirectUrl;
        else window.open(started.redirectUrl, PROVIDER_WINDOW);
        dispatch({ type: 'provider_opened' });
      } else {
        window.location.assign(started.redirectUrl);
      }
    } catch (caught) {
      popup?.close();
      payKey.current = undefined;
      dispatch({ type: 'pay_failed', error: apiErrorOf(caught) });
    } finally {
      paying.current = false;
    }
  }

  /**
   * Asks again for the best campaign once the shopper is known (a first-order or points
   * campaign may now apply); the server-rendered summary follows through the refresh.
   */
  async function offerDiscount() {
    const next = await client.checkout.applyDiscount.mutate({ token }).catch(() => null);
    if (next) dispatch({ type: 'view_updated', view: next });
  }

  async function cancel() {
    if (embed) {
      channel?.post({ type: 'ducat:cancel' });
      return;
    }
    setCancelling(true);
    try {
      const next = await client.checkout.cancel.mutate({ token });
      window.location.assign(next.redirectUrl ?? next.cancelUrl);
    } catch (caught) {
      setCancelling(false);
      dispatch({ type: 'pay_failed', error: apiErrorOf(caught) });
    }
  }

  if (refused) {
    return (
      <Alert tone="error">
        <p>{refused}</p>
      </Alert>
    );
  }
  if (phase === 'final') {
    return <CheckoutOutcome view={view} fresh={state.fresh} embed={embed !== undefined} />;
  }
  if (phase === 'waiting') return <WaitingForProvider />;

  const busy = phase === 'paying';
  const merchant = view.merchantName || 'the merchant';
  // A live order while no live provider is configured offers the wallet only.
  const cardProvider = view.providers[0];
  return (
    <div className="grid gap-4">
      {view.underReview ? (
        <Alert tone="info">
          <p>
            Your payment is being reviewed. The amount is reserved in your wallet; you will hear
            from {merchant} once it is decided.
          </p>
        </Alert>
      ) : null}
      {state.declined ? (
        <Alert tone="error" data-testid="attempt-failed" data-code={state.declined}>
          <AlertTitle>{declineMessage(state.declined)}</AlertTitle>
          <p>
            Try another card{state.signedIn ? ', pay from your wallet' : ' or your Ducat wallet'}.
            {view.attempts.left > 0 && view.attempts.left <= 3
              ? ` ${view.attempts.left} ${view.attempts.left === 1 ? 'try' : 'tries'} left.`
              : ''}
          </p>
        </Alert>
      ) : null}
      <FormError error={state.error} />
      {view.underReview ? null : (
        <DiscountCode
          view={view}
          token={token}
          disabled={busy}
          onApplied={(next) => {
            dispatch({ type: 'view_updated', view: next });
            router.refresh();
          }}
        />
      )}
      <Card className="p-4 sm:p-5">
        <Tabs
          value={state.method}
          onValueChange={(value) => dispatch({ type: 'method_chosen', method: value as Method })}
        >
          <TabsList aria-label="Payment method">
            <TabsTrigger value="wallet">Ducat wallet</TabsTrigger>
            {cardProvider ? <TabsTrigger value="card">Card</TabsTrigger> : null}
          </TabsList>
          <TabsContent value="wallet" className="grid gap-3">
            {state.signedIn ? (
              <>
                <PayingAs
                  onSignedOut={() => {
                    queryClient.removeQueries();
                    dispatch({ type: 'signed_out' });
                    router.refresh();
                  }}
                />
                <WalletMethod
                  view={view}
                  token={token}
                  embed={embed !== undefined}
                  busy={busy}
                  onPay={payWithWallet}
                  {...(cardProvider
                    ? { onChooseCard: () => dispatch({ type: 'method_chosen', method: 'card' }) }
                    : {})}
                />
              </>
            ) : (
              <>
                <p className="text-sm text-muted-foreground">
                  Sign in or create an account; your order stays right here.
                </p>
                <AuthPanel
                  embedded={embed !== undefined}
                  onDone={() => {
                    dispatch({ type: 'signed_in' });
                    void queryClient.invalidateQueries();
                    void offerDiscount();
                    // Server-rendered parts (the wallet links of other pages) follow the session.
                    router.refresh();
                  }}
                />
              </>
            )}
          </TabsContent>
          {cardProvider ? (
            <TabsContent value="card">
              <CardMethod view={view} embed={embed !== undefined} busy={busy} onPay={payByCard} />
            </TabsContent>
          ) : null}
        </Tabs>
      </Card>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Button variant="link" size="sm" onClick={cancel} disabled={cancelling || busy}>
          {embed ? 'Cancel' : `Cancel and return to ${merchant}`}
        </Button>
        {secondsLeft !== null && secondsLeft <= 600 ? (
          <p className="text-muted-foreground tabular-nums" role="timer" aria-live="off">
            Expires in {Math.floor(secondsLeft / 60)}:{String(secondsLeft % 60).padStart(2, '0')}
          </p>
        ) : null}
      </div>
    </div>
  );
}
