/**
 * The messages between the hosted embed page (`<checkoutUrl>/embed/<token>`, served by the
 * checkout app) and this loader. The page reads `parentOrigin` and `channel` from its URL
 * fragment, posts only to `parentOrigin` (after checking it against the merchant's allowed
 * origins), and tags every message with `channel`, so several widgets on one page stay apart.
 */
export type CheckoutMessage =
  | { type: 'ducat:ready'; channel: string }
  | { type: 'ducat:resize'; channel: string; height: number }
  | {
      type: 'ducat:success';
      channel: string;
      orderId: string;
      status: string;
      redirectUrl?: string;
    }
  | { type: 'ducat:cancel'; channel: string }
  | { type: 'ducat:error'; channel: string; code: string; message: string };

/** What the page reports when the payment reached a final outcome. */
export type CheckoutResult = { orderId: string; status: string; redirectUrl?: string };

export type CheckoutError = { code: string; message: string };

export type CheckoutHandlers = {
  /** The payment succeeded. Confirm it on your server with the IPN before fulfilling. */
  onSuccess?: (result: CheckoutResult) => void;
  /** The shopper gave up (or closed the popup). */
  onCancel?: () => void;
  /** The checkout failed (declined, expired, bad link…). */
  onError?: (error: CheckoutError) => void;
  /** The embed page loaded. */
  onReady?: () => void;
  /** The page asked for this height (px), already clamped. */
  onResize?: (height: number) => void;
};

/** The smallest shape of a `MessageEvent` the handler reads. */
export type IncomingMessage = { origin: string; source: unknown; data: unknown };

export const MIN_HEIGHT = 120;
export const MAX_HEIGHT = 4_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The message, if `data` is a well-formed checkout message; undefined otherwise.
 *
 * @example
 * parseCheckoutMessage({ type: 'ducat:resize', channel: 'c1', height: 640 });
 * // { type: 'ducat:resize', channel: 'c1', height: 640 }
 */
export function parseCheckoutMessage(data: unknown): CheckoutMessage | undefined {
  if (!isRecord(data) || typeof data.channel !== 'string' || typeof data.type !== 'string') {
    return undefined;
  }
  const { channel } = data;
  switch (data.type) {
    case 'ducat:ready':
    case 'ducat:cancel':
      return { type: data.type, channel };
    case 'ducat:resize':
      return typeof data.height === 'number' && Number.isFinite(data.height)
        ? { type: 'ducat:resize', channel, height: data.height }
        : undefined;
    case 'ducat:success':
      if (typeof data.orderId !== 'string' || typeof data.status !== 'string') return undefined;
      return {
        type: 'ducat:success',
        channel,
        orderId: data.orderId,
        status: data.status,
        ...(typeof data.redirectUrl === 'string' ? { redirectUrl: data.redirectUrl } : {}),
      };
    case 'ducat:error':
      return {
        type: 'ducat:error',
        channel,
        code: typeof data.code === 'string' ? data.code : 'checkout_error',
        message: typeof data.message === 'string' ? data.message : 'The checkout failed.',
      };
    default:
      return undefined;
  }
}

/**
 * The loader's message handler, free of any DOM so it can be tested alone. A message counts
 * only if it comes from the checkout's exact origin, from the very window the loader opened
 * (`source`), on this widget's channel, and is well formed; anything else is ignored. Exactly
 * one of success, cancel or error is reported, once.
 *
 * @example
 * const handle = createMessageHandler({ checkoutOrigin: 'https://pay.ducat.example', channel,
 *   source: () => iframe.contentWindow, handlers: { onSuccess: (r) => console.log(r.orderId) } });
 * window.addEventListener('message', (e) => handle(e));
 */
export function createMessageHandler(options: {
  checkoutOrigin: string;
  channel: string;
  /** The window the loader opened (iframe's contentWindow or the popup). */
  source: () => unknown;
  handlers: CheckoutHandlers;
  /** Called after the final outcome was reported. */
  onFinished?: () => void;
}): (event: IncomingMessage) => boolean {
  let finished = false;
  return (event) => {
    if (event.origin !== options.checkoutOrigin) return false;
    const expected = options.source();
    if (!expected || event.source !== expected) return false;
    const message = parseCheckoutMessage(event.data);
    if (!message || message.channel !== options.channel) return false;
    const { handlers } = options;
    switch (message.type) {
      case 'ducat:ready':
        handlers.onReady?.();
        return true;
      case 'ducat:resize':
        handlers.onResize?.(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.round(message.height))));
        return true;
      default:
        break;
    }
    if (finished) return false;
    finished = true;
    if (message.type === 'ducat:success') {
      handlers.onSuccess?.({
        orderId: message.orderId,
        status: message.status,
        ...(message.redirectUrl !== undefined ? { redirectUrl: message.redirectUrl } : {}),
      });
    } else if (message.type === 'ducat:cancel') {
      handlers.onCancel?.();
    } else {
      handlers.onError?.({ code: message.code, message: message.message });
    }
    options.onFinished?.();
    return true;
  };
}

/** The embed page's address for a token: the fragment never reaches a server or its logs. */
export function embedUrl(options: {
  checkoutUrl: string;
  token: string;
  parentOrigin: string;
  channel: string;
  mode: 'iframe' | 'popup';
}): { url: string; origin: string } {
  const base = new URL(options.checkoutUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error('checkoutUrl must be an http(s) URL');
  }
  const url = new URL(
    `embed/${encodeURIComponent(options.token)}`,
    base.href.endsWith('/') ? base.href : `${base.href}/`,
  );
  const fragment = new URLSearchParams({
    parentOrigin: options.parentOrigin,
    channel: options.channel,
    mode: options.mode,
  });
  url.hash = fragment.toString();
  return { url: url.toString(), origin: base.origin };
}
