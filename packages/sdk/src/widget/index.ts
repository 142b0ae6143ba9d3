import {
  type CheckoutHandlers,
  createMessageHandler,
  embedUrl,
  type IncomingMessage,
} from './protocol.js';

export type {
  CheckoutError,
  CheckoutHandlers,
  CheckoutMessage,
  CheckoutResult,
} from './protocol.js';
export { createMessageHandler, parseCheckoutMessage } from './protocol.js';

/**
 * Options of `mountCheckout` and `openCheckoutPopup`.
 *
 * @example
 * const options: CheckoutOptions = { token, checkoutUrl: 'https://pay.ducat.example',
 *   onSuccess: ({ orderId }) => location.assign(`/thanks?order=${orderId}`) };
 */
export type CheckoutOptions = CheckoutHandlers & {
  /** `checkout.token` from `orders.create` (made on your server, handed to the page). */
  token: string;
  /** The hosted checkout's base URL (the platform's `CHECKOUT_URL`). Default `http://localhost:3000`. */
  checkoutUrl?: string;
  /**
   * `mountCheckout` only: how long to wait for the embed page to say it is ready before
   * reporting `onError({ code: 'origin_not_allowed' })`. Default 15 000 ms; 3 000 ms after the
   * frame has loaded something that is not the checkout (a page blocked by frame-ancestors).
   */
  loadTimeoutMs?: number;
};

/**
 * The error code `mountCheckout` reports when the checkout refuses to be framed by this page
 * (its origin is not among the merchant's allowed origins).
 *
 * @example
 * mountCheckout(el, { token, onError: (e) => {
 *   if (e.code === ORIGIN_NOT_ALLOWED) console.error('allow this origin in the Ducat settings');
 * } });
 */
export const ORIGIN_NOT_ALLOWED = 'origin_not_allowed';

/** How long after the frame's load event the checkout has to say it is ready. */
const READY_AFTER_LOAD_MS = 3_000;

export type MountedCheckout = {
  /** The iframe the checkout runs in. */
  iframe: HTMLIFrameElement;
  /** Removes the iframe and stops listening. */
  unmount(): void;
};

function newChannel(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function listen(win: Window, handle: (event: IncomingMessage) => boolean): () => void {
  const listener = (event: MessageEvent) => {
    handle({ origin: event.origin, source: event.source, data: event.data });
  };
  win.addEventListener('message', listener);
  return () => win.removeEventListener('message', listener);
}

/**
 * Mounts the hosted checkout in an iframe inside `element`. The card form lives in the iframe,
 * on the checkout's origin: this page never sees card data. The loader accepts messages only
 * from that origin and that iframe, resizes the iframe as the page asks, and reports exactly one
 * outcome. Confirm payments on your server with the IPN, not with `onSuccess` alone.
 *
 * @example
 * import { mountCheckout } from '@ducat/sdk/widget';
 * const widget = mountCheckout(document.getElementById('pay')!, {
 *   token, checkoutUrl: 'https://pay.ducat.example',
 *   onSuccess: ({ orderId }) => location.assign(`/orders/${orderId}`),
 *   onCancel: () => widget.unmount(),
 *   onError: ({ message }) => alert(message),
 * });
 */
export function mountCheckout(element: HTMLElement, options: CheckoutOptions): MountedCheckout {
  const doc = element.ownerDocument;
  const win = doc.defaultView;
  if (!win) throw new Error('mountCheckout: the element is not in a window');
  const channel = newChannel();
  const { url, origin } = embedUrl({
    checkoutUrl: options.checkoutUrl ?? 'http://localhost:3000',
    token: options.token,
    parentOrigin: win.location.origin,
    channel,
    mode: 'iframe',
  });
  const iframe = doc.createElement('iframe');
  iframe.src = url;
  iframe.title = 'Ducat checkout';
  iframe.style.width = '100%';
  iframe.style.border = '0';
  iframe.style.height = '480px';
  iframe.allow = 'payment';
  // The checkout runs on its own origin (same-origin there, never ours); it may open a provider's
  // page in a popup or, on the shopper's click, in the whole tab (3-D Secure style redirects).
  iframe.setAttribute(
    'sandbox',
    'allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation',
  );
  // A parent origin the merchant has not allowed gets a frame the browser refuses to show (CSP
  // frame-ancestors) and no message at all: the silence past a timeout is how it is told.
  let ready = false;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const giveUpIn = (ms: number) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      if (ready) return;
      timedOut = true;
      stop();
      options.onError?.({
        code: ORIGIN_NOT_ALLOWED,
        message: `The checkout refused to load on ${win.location.origin}. Add this origin to the allowed origins in the merchant's Ducat settings.`,
      });
    }, ms);
  };
  const handle = createMessageHandler({
    checkoutOrigin: origin,
    channel,
    source: () => iframe.contentWindow,
    handlers: {
      ...options,
      onReady: () => {
        ready = true;
        if (timer !== undefined) clearTimeout(timer);
        options.onReady?.();
      },
      onResize: (height) => {
        iframe.style.height = `${height}px`;
        options.onResize?.(height);
      },
    },
  });
  const stop = listen(win, (event) => !timedOut && handle(event));
  giveUpIn(options.loadTimeoutMs ?? 15_000);
  if (typeof iframe.addEventListener === 'function') {
    iframe.addEventListener('load', () => {
      if (!ready && !timedOut)
        giveUpIn(Math.min(READY_AFTER_LOAD_MS, options.loadTimeoutMs ?? READY_AFTER_LOAD_MS));
    });
  }
  element.appendChild(iframe);
  return {
    iframe,
    unmount() {
      if (timer !== undefined) clearTimeout(timer);
      stop();
      iframe.remove();
    },
  };
}

export type PopupCheckout = {
  /** The popup window (null if the browser blocked it: then `onError` got `popup_blocked`). */
  popup: Window | null;
  /** Closes the popup and stops listening (no callback fires after). */
  close(): void;
};

/**
 * Opens the hosted checkout in a popup window (call it from a click handler, or browsers block
 * it). Same origin checks as `mountCheckout`; closing the popup before an outcome is `onCancel`.
 *
 * @example
 * import { openCheckoutPopup } from '@ducat/sdk/widget';
 * button.addEventListener('click', () => {
 *   openCheckoutPopup({ token, checkoutUrl: 'https://pay.ducat.example',
 *     onSuccess: () => location.reload(), onCancel: () => console.log('closed') });
 * });
 */
export function openCheckoutPopup(options: CheckoutOptions & { window?: Window }): PopupCheckout {
  const win = options.window ?? window;
  const channel = newChannel();
  const { url, origin } = embedUrl({
    checkoutUrl: options.checkoutUrl ?? 'http://localhost:3000',
    token: options.token,
    parentOrigin: win.location.origin,
    channel,
    mode: 'popup',
  });
  const popup = win.open(url, 'ducat-checkout', 'popup,width=480,height=720');
  if (!popup) {
    options.onError?.({ code: 'popup_blocked', message: 'The browser blocked the popup.' });
    return { popup: null, close() {} };
  }
  let done = false;
  let poll: ReturnType<typeof setInterval> | undefined;
  const finish = () => {
    done = true;
    if (poll !== undefined) clearInterval(poll);
    stop();
  };
  const stop = listen(
    win,
    createMessageHandler({
      checkoutOrigin: origin,
      channel,
      source: () => popup,
      handlers: options,
      onFinished: () => {
        finish();
        popup.close();
      },
    }),
  );
  // A closed popup sends no message: notice it by polling.
  poll = setInterval(() => {
    if (!done && popup.closed) {
      finish();
      options.onCancel?.();
    }
  }, 400);
  return {
    popup,
    close() {
      if (done) return;
      finish();
      popup.close();
    },
  };
}
