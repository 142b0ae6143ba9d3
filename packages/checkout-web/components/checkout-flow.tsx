'use client';

import { type ApiErrorInfo, apiErrorOf, formatMoney } from '@ducat/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { newIdempotencyKey, useApi, useTRPC } from '@/lib/api';
import { type CheckoutView, outcomeOf } from '@/lib/checkout';
import { type EmbedChannel, openEmbedChannel } from '@/lib/embed-channel';
import { AuthPanel } from './auth-forms';
import { FormError } from './form-error';

type Phase = 'choose' | 'paying' | 'waiting' | 'final';

/** How often the waiting page asks about the provider's answer. */
const POLL_MS = 2_000;
/** How long the success message shows before the shopper is sent back to the merchant. */
const REDIRECT_AFTER_MS = 1_500;
/**
 * The name of the window the widget opens for the provider's page. The provider sends the
 * shopper back to the full-page checkout in that window: there the outcome shows and the window
 * closes itself, while the widget (which polls too) tells the merchant's page.
 */
const PROVIDER_WINDOW = 'ducat-provider';

function WalletBalance({ view }: { view: CheckoutView }) {
  const trpc = useTRPC();
  const balance = useQuery(trpc.wallet.balance.queryOptions());
  if (balance.isPending) return <p className="muted skeleton-line">Loading your balance…</p>;
  if (balance.isError) return null;
  const row = balance.data.find((b) => b.currency === view.currency && b.mode === view.mode);
  const available = row?.available ?? 0;
  return (
    <p data-testid="wallet-available">
      Wallet balance: <strong>{formatMoney(available, view.currency)}</strong>
      {view.mode === 'test' ? <span className="muted small"> (test money)</span> : null}
    </p>
  );
}

/**
 * The interactive part of a checkout (full page or widget): sign in or up without leaving the
 * order, pay from the wallet or by card at the provider, wait for the provider, and the outcome.
 * Every pay click carries an Idempotency-Key (kept for the retries of that click) and the
 * buttons are disabled while a payment runs, so a double click charges once.
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
  const [view, setView] = useState(props.initialView);
  const [signedIn, setSignedIn] = useState(props.signedIn);
  const [phase, setPhase] = useState<Phase>(() => {
    if (props.initialView.status !== 'created') return 'final';
    return props.returning ? 'waiting' : 'choose';
  });
  const [fresh, setFresh] = useState(false);
  const [failureCode, setFailureCode] = useState<string | null>(null);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [channel, setChannel] = useState<EmbedChannel | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const paying = useRef(false);
  const payKey = useRef<string | undefined>(undefined);
  const announced = useRef(false);
  const statusRef = useRef<HTMLDivElement>(null);

  const finish = useCallback((next: CheckoutView, justNow: boolean) => {
    setView(next);
    if (next.status !== 'created') {
      setFresh(justNow);
      setPhase('final');
    }
  }, []);

  // The widget: talk only to an allowed parent, on its channel; tell it our height.
  useEffect(() => {
    if (!embed) return;
    const opened = openEmbedChannel({
      hash: window.location.hash,
      allowedOrigins: embed.allowedOrigins,
      win: window,
    });
    if ('refused' in opened) {
      setRefused(opened.refused);
      return;
    }
    setChannel(opened);
    opened.post({ type: 'ducat:ready' });
    let last = 0;
    const report = () => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height !== last) {
        last = height;
        opened.post({ type: 'ducat:resize', height });
      }
    };
    report();
    const observer = new ResizeObserver(report);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [embed]);

  // Final outcomes: the widget's parent is told once; the full page goes back to the merchant
  // after a success that happened here.
  useEffect(() => {
    if (phase !== 'final') return;
    statusRef.current?.focus();
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
        const outcome = outcomeOf(view, fresh, failureCode);
        channel.post({ type: 'ducat:error', code: outcome.code, message: outcome.title });
      }
      return;
    }
    if (window.name === PROVIDER_WINDOW) {
      const timer = setTimeout(() => window.close(), REDIRECT_AFTER_MS);
      return () => clearTimeout(timer);
    }
    if (fresh && view.status === 'checkout_success' && view.redirectUrl) {
      const target = view.redirectUrl;
      const timer = setTimeout(() => window.location.assign(target), REDIRECT_AFTER_MS);
      return () => clearTimeout(timer);
    }
  }, [phase, embed, channel, view, fresh, failureCode]);

  // Waiting for the provider: poll until the order ends (the API asks the provider itself when
  // its notification is late), and stop at expiry at the latest (the order then times out).
  useEffect(() => {
    if (phase !== 'waiting') return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const answer = await client.checkout.payment.query({ token });
        if (stopped) return;
        setFailureCode(answer.payment?.failureCode ?? null);
        if (answer.view.status !== 'created') {
          finish(answer.view, true);
          return;
        }
        setView(answer.view);
      } catch {
        // A failed poll is retried at the next tick.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [phase, client, token, finish]);

  // An open order shows when it expires and ends itself at that moment.
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  useEffect(() => {
    if (view.status !== 'created') return;
    const expiresAt = Date.parse(view.expiresAt);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      setSecondsLeft(left);
      if (left > 0) {
        timer = setTimeout(tick, left > 120 ? 30_000 : 1_000);
        return;
      }
      try {
        finish(await client.checkout.open.query({ token }), false);
      } catch {
        timer = setTimeout(tick, 5_000);
      }
    };
    void tick();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [view.status, view.expiresAt, client, token, finish]);

  async function payWithWallet() {
    if (paying.current) return;
    paying.current = true;
    setPhase('paying');
    setError(null);
    payKey.current ??= newIdempotencyKey('wallet');
    try {
      const next = await client.checkout.payWithWallet.mutate(
        { token },
        { context: { idempotencyKey: payKey.current } },
      );
      payKey.current = undefined;
      void queryClient.invalidateQueries();
      if (next.status === 'created') {
        setView(next);
        setPhase('choose');
      } else {
        finish(next, true);
      }
    } catch (caught) {
      payKey.current = undefined;
      const info = apiErrorOf(caught);
      // The session ended while the page was open: sign in again, right here.
      if (info.code === 'session_required') setSignedIn(false);
      setError(info);
      setPhase('choose');
    } finally {
      paying.current = false;
    }
  }

  async function payByCard() {
    if (paying.current) return;
    paying.current = true;
    setPhase('paying');
    setError(null);
    payKey.current ??= newIdempotencyKey('card');
    // The widget cannot navigate its parent: the provider's page opens in a window of its own.
    const popup = embed ? window.open('', PROVIDER_WINDOW) : null;
    try {
      const started = await client.checkout.payWithProvider.mutate(
        { token, provider: 'sandbox' },
        { context: { idempotencyKey: payKey.current } },
      );
      payKey.current = undefined;
      if (!started.redirectUrl) {
        popup?.close();
        finish(started.view, false);
        return;
      }
      if (embed) {
        if (popup) popup.location.href = started.redirectUrl;
        else window.open(started.redirectUrl, PROVIDER_WINDOW);
        setPhase('waiting');
      } else {
        window.location.assign(started.redirectUrl);
      }
    } catch (caught) {
      popup?.close();
      payKey.current = undefined;
      setError(apiErrorOf(caught));
      setPhase('choose');
    } finally {
      paying.current = false;
    }
  }

  if (refused) {
    return (
      <div className="alert alert-error" role="alert">
        <p>{refused}</p>
      </div>
    );
  }

  if (phase === 'final') {
    const outcome = outcomeOf(view, fresh, failureCode);
    return (
      <section
        className={`card outcome outcome-${outcome.tone}`}
        aria-live="polite"
        data-testid="checkout-outcome"
        data-status={view.status}
      >
        <div tabIndex={-1} ref={statusRef} className="outcome-focus">
          <h2>{outcome.title}</h2>
          <p>{outcome.body}</p>
        </div>
        {view.redirectUrl && !embed ? (
          <a className="button" href={view.redirectUrl}>
            Return to {view.merchantName || 'the merchant'}
          </a>
        ) : null}
      </section>
    );
  }

  if (phase === 'waiting') {
    return (
      <section className="card outcome outcome-info" aria-live="polite" aria-busy="true">
        <h2>Waiting for your card provider</h2>
        <p>
          Your payment is being confirmed. This page updates by itself; you can leave it open. If
          the provider never answers, nothing is charged and the order ends when it expires.
        </p>
        <div className="spinner" aria-hidden="true" />
      </section>
    );
  }

  const busy = phase === 'paying';
  const shortfall = error?.code === 'insufficient_funds';
  const returnTo = embed ? `/embed/${token}` : `/pay/${token}`;
  const depositHref = `/wallet?${new URLSearchParams({
    deposit: String(view.amount),
    currency: view.currency,
    ...(embed ? {} : { returnTo }),
  })}`;

  return (
    <div className="stack">
      {view.underReview ? (
        <div className="alert alert-info" role="status">
          <p>
            Your payment is being reviewed. The amount is reserved in your wallet; you will hear
            from {view.merchantName || 'the merchant'} once it is decided.
          </p>
        </div>
      ) : null}
      {secondsLeft !== null && secondsLeft <= 600 ? (
        <p className="muted small" role="timer" aria-live="off">
          This order expires in {Math.floor(secondsLeft / 60)}:
          {String(secondsLeft % 60).padStart(2, '0')}.
        </p>
      ) : null}
      {shortfall ? (
        <div className="alert alert-error" role="alert" data-code="insufficient_funds">
          <p>
            Your wallet does not hold enough for this order. Add money, then come back to pay: the
            order is kept for you.
          </p>
          <a
            className="button"
            href={depositHref}
            {...(embed ? { target: '_blank', rel: 'noopener' } : {})}
          >
            Add money to your wallet
          </a>
        </div>
      ) : (
        <FormError error={error} />
      )}
      {signedIn ? (
        <section className="card" aria-labelledby="wallet-pay-title">
          <h2 id="wallet-pay-title">Pay from your wallet</h2>
          <WalletBalance view={view} />
          <button
            type="button"
            className="button button-primary"
            onClick={payWithWallet}
            disabled={busy || view.underReview === true}
            aria-busy={busy}
          >
            {busy ? 'Paying…' : `Pay ${formatMoney(view.amount, view.currency)}`}
          </button>
        </section>
      ) : (
        <section className="card" aria-labelledby="signin-pay-title">
          <h2 id="signin-pay-title">Pay with your Ducat wallet</h2>
          <p className="muted">Sign in or create an account; your order stays right here.</p>
          <AuthPanel
            onDone={() => {
              setSignedIn(true);
              setError(null);
              void queryClient.invalidateQueries();
            }}
          />
        </section>
      )}
      <section className="card" aria-labelledby="card-pay-title">
        <h2 id="card-pay-title">Or pay by card or bank</h2>
        <p className="muted">
          You type your card on the provider&apos;s secure page{embed ? ', in a new window' : ''}.
        </p>
        <button
          type="button"
          className="button"
          onClick={payByCard}
          disabled={busy || view.underReview === true}
        >
          Pay by card
        </button>
      </section>
      {embed ? (
        <button
          type="button"
          className="link-button"
          onClick={() => channel?.post({ type: 'ducat:cancel' })}
        >
          Cancel
        </button>
      ) : (
        <a className="link-button" href={view.cancelUrl}>
          Cancel and return to {view.merchantName || 'the merchant'}
        </a>
      )}
    </div>
  );
}
