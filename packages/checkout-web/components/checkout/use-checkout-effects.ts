'use client';

import type { ApiClient } from '@ducat/web-kit';
import { useEffect, useState } from 'react';
import type { CheckoutView } from '@/lib/checkout';
import type { CheckoutEvent } from '@/lib/checkout-state';
import { type EmbedChannel, openEmbedChannel } from '@/lib/embed-channel';

/** How often the waiting page asks about the provider's answer. */
const POLL_MS = 2_000;

/** The widget: talk only to an allowed parent, on its channel; tell it our height. */
export function useEmbedChannel(embed: { allowedOrigins: string[] } | undefined) {
  const [channel, setChannel] = useState<EmbedChannel | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
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
      // The body's own height (the document's would never shrink below the frame's).
      const height = Math.ceil(document.body.getBoundingClientRect().height);
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
  return { channel, refused };
}

/**
 * Waiting for the provider: poll until the payment has an answer (the API asks the provider
 * itself when its notification is late). A paid or ended order is final; a declined attempt
 * goes back to the choice of method with the order still payable.
 */
export function useProviderPoll(options: {
  active: boolean;
  client: ApiClient;
  token: string;
  dispatch: (event: CheckoutEvent) => void;
}) {
  const { active, client, token, dispatch } = options;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const answer = await client.checkout.payment.query({ token });
        if (stopped) return;
        if (answer.view.status !== 'created') {
          dispatch({ type: 'finished', view: answer.view, fresh: true });
          return;
        }
        if (answer.payment?.status === 'failed') {
          dispatch({
            type: 'attempt_failed',
            view: answer.view,
            failureCode: answer.payment.failureCode,
          });
          return;
        }
        dispatch({ type: 'view_updated', view: answer.view });
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
  }, [active, client, token, dispatch]);
}

/** An open order counts down to its expiry and ends itself at that moment. */
export function useExpiry(options: {
  view: CheckoutView;
  client: ApiClient;
  token: string;
  dispatch: (event: CheckoutEvent) => void;
}): number | null {
  const { view, client, token, dispatch } = options;
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
        dispatch({
          type: 'finished',
          view: await client.checkout.open.query({ token }),
          fresh: false,
        });
      } catch {
        timer = setTimeout(tick, 5_000);
      }
    };
    void tick();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [view.status, view.expiresAt, client, token, dispatch]);
  return secondsLeft;
}
