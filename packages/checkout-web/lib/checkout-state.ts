import type { ApiErrorInfo } from '@ducat/web-kit';
import type { CheckoutView } from './checkout';

export type Phase = 'choose' | 'paying' | 'waiting' | 'final';
export type Method = 'wallet' | 'card';

/** Everything the interactive checkout shows, in one place (see checkoutReducer). */
export type CheckoutState = {
  phase: Phase;
  view: CheckoutView;
  /** The final outcome happened on this page just now (the shopper paid or gave up here). */
  fresh: boolean;
  /** The failure code of the latest card attempt, while the order stays payable. */
  declined: string | null;
  error: ApiErrorInfo | null;
  signedIn: boolean;
  method: Method;
};

export type CheckoutEvent =
  | { type: 'pay_started' }
  | { type: 'pay_failed'; error: ApiErrorInfo }
  /** An answer about the order that leaves it open (a poll, a held wallet payment). */
  | { type: 'view_updated'; view: CheckoutView }
  | { type: 'finished'; view: CheckoutView; fresh: boolean }
  | { type: 'provider_opened' }
  /** The card attempt failed (a decline): the order stays payable, by another card or the wallet. */
  | { type: 'attempt_failed'; view: CheckoutView; failureCode: string | null }
  | { type: 'signed_in' }
  | { type: 'signed_out' }
  | { type: 'method_chosen'; method: Method };

/**
 * The state a checkout opens in. Back from the provider (`returning`) on an order that is
 * already paid, the shopper paid it just now: "Payment complete" with the receipt, never
 * "already paid".
 */
export function initialCheckoutState(options: {
  view: CheckoutView;
  signedIn: boolean;
  returning: boolean;
}): CheckoutState {
  const { view, signedIn, returning } = options;
  const final = view.status !== 'created';
  return {
    phase: final ? 'final' : returning ? 'waiting' : 'choose',
    view,
    fresh: final && returning,
    declined: view.status === 'created' ? view.attempts.lastFailureCode : null,
    error: null,
    signedIn,
    // The wallet first (signing in or up is right there); the card is one tab away.
    method: 'wallet',
  };
}

export function checkoutReducer(state: CheckoutState, event: CheckoutEvent): CheckoutState {
  // A final order stays final whatever arrives late (a poll answer, a slow click).
  if (state.phase === 'final' && event.type !== 'signed_out' && event.type !== 'signed_in') {
    return state;
  }
  switch (event.type) {
    case 'pay_started':
      return { ...state, phase: 'paying', error: null };
    case 'pay_failed':
      return {
        ...state,
        phase: 'choose',
        error: event.error,
        // The session ended while the page was open: sign in again, right here.
        signedIn: event.error.code === 'session_required' ? false : state.signedIn,
      };
    case 'view_updated':
      return {
        ...state,
        view: event.view,
        phase: state.phase === 'paying' ? 'choose' : state.phase,
      };
    case 'finished':
      if (event.view.status === 'created') return { ...state, view: event.view, phase: 'choose' };
      return { ...state, view: event.view, phase: 'final', fresh: event.fresh, error: null };
    case 'provider_opened':
      return { ...state, phase: 'waiting' };
    case 'attempt_failed':
      return {
        ...state,
        view: event.view,
        phase: 'choose',
        declined: event.failureCode ?? 'declined',
        method: 'card',
        error: null,
      };
    case 'signed_in':
      return { ...state, signedIn: true, error: null, method: 'wallet' };
    case 'signed_out':
      return { ...state, signedIn: false };
    case 'method_chosen':
      return { ...state, method: event.method, error: null };
  }
}
