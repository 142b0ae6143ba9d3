import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountCheckout, ORIGIN_NOT_ALLOWED, openCheckoutPopup } from './index.js';

type Listener = (event: { origin: string; source: unknown; data: unknown }) => void;

/** Just enough of a window and document for the loader, so no DOM library is needed. */
function fakePage() {
  const listeners = new Set<Listener>();
  const frameWindow = { frame: true };
  const iframe = {
    src: '',
    title: '',
    allow: '',
    style: {} as Record<string, string>,
    attributes: {} as Record<string, string>,
    contentWindow: frameWindow,
    removed: false,
    onLoad: [] as (() => void)[],
    addEventListener(type: string, listener: () => void) {
      if (type === 'load') this.onLoad.push(listener);
    },
    setAttribute(name: string, value: string) {
      this.attributes[name] = value;
    },
    remove() {
      this.removed = true;
    },
  };
  const popup = {
    closed: false,
    close() {
      this.closed = true;
    },
  };
  const opened: string[] = [];
  const win = {
    location: { origin: 'https://shop.example' },
    addEventListener: (_type: string, l: Listener) => listeners.add(l),
    removeEventListener: (_type: string, l: Listener) => listeners.delete(l),
    open: (url: string) => {
      opened.push(url);
      return popup;
    },
  };
  const children: unknown[] = [];
  const element = {
    ownerDocument: { defaultView: win, createElement: () => iframe },
    appendChild: (child: unknown) => children.push(child),
  };
  const post = (data: unknown, source: unknown, origin = 'https://pay.ducat.example') => {
    for (const l of listeners) l({ origin, source, data });
  };
  return { listeners, iframe, frameWindow, popup, opened, win, element, children, post };
}

function channelOf(url: string): string {
  return new URLSearchParams(new URL(url).hash.slice(1)).get('channel') ?? '';
}

describe('mountCheckout', () => {
  it('mounts the embed page, resizes it and reports the outcome from that iframe only', () => {
    const page = fakePage();
    const calls: string[] = [];
    const widget = mountCheckout(page.element as unknown as HTMLElement, {
      token: 'tok.en',
      checkoutUrl: 'https://pay.ducat.example',
      onSuccess: (r) => calls.push(`success:${r.orderId}`),
      onCancel: () => calls.push('cancel'),
    });
    expect(page.children).toEqual([page.iframe]);
    expect(page.iframe.src.startsWith('https://pay.ducat.example/embed/tok.en#')).toBe(true);
    const hash = new URLSearchParams(new URL(page.iframe.src).hash.slice(1));
    expect(hash.get('parentOrigin')).toBe('https://shop.example');
    const channel = channelOf(page.iframe.src);
    expect(channel).toMatch(/^[0-9a-f]{24}$/);

    page.post({ type: 'ducat:resize', channel, height: 700 }, page.frameWindow);
    expect(page.iframe.style.height).toBe('700px');
    // A look-alike message from another origin or window changes nothing.
    page.post(
      { type: 'ducat:success', channel, orderId: 'ord_evil', status: 'x' },
      page.frameWindow,
      'https://evil.example',
    );
    page.post(
      { type: 'ducat:success', channel, orderId: 'ord_evil', status: 'x' },
      { other: true },
    );
    expect(calls).toEqual([]);
    page.post(
      { type: 'ducat:success', channel, orderId: 'ord_1', status: 'checkout_success' },
      page.frameWindow,
    );
    page.post({ type: 'ducat:cancel', channel }, page.frameWindow);
    expect(calls).toEqual(['success:ord_1']);

    widget.unmount();
    expect(page.iframe.removed).toBe(true);
    expect(page.listeners.size).toBe(0);
  });

  it('gives every widget its own channel', () => {
    const page = fakePage();
    mountCheckout(page.element as unknown as HTMLElement, {
      token: 'a',
      checkoutUrl: 'https://pay.ducat.example',
    });
    const first = channelOf(page.iframe.src);
    mountCheckout(page.element as unknown as HTMLElement, {
      token: 'b',
      checkoutUrl: 'https://pay.ducat.example',
    });
    expect(channelOf(page.iframe.src)).not.toBe(first);
  });
});

describe('mountCheckout on a page the merchant has not allowed', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports origin_not_allowed once when the frame never says it is ready', () => {
    vi.useFakeTimers();
    const page = fakePage();
    const errors: { code: string; message: string }[] = [];
    mountCheckout(page.element as unknown as HTMLElement, {
      token: 'tok.en',
      checkoutUrl: 'https://pay.ducat.example',
      onError: (e) => errors.push(e),
    });
    vi.advanceTimersByTime(14_000);
    expect(errors).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(ORIGIN_NOT_ALLOWED);
    expect(errors[0]?.message).toContain('https://shop.example');
    // It stopped listening: nothing more is reported.
    expect(page.listeners.size).toBe(0);
  });

  it('gives up 3 s after the frame loaded something that is not the checkout', () => {
    vi.useFakeTimers();
    const page = fakePage();
    const errors: string[] = [];
    mountCheckout(page.element as unknown as HTMLElement, {
      token: 'tok.en',
      checkoutUrl: 'https://pay.ducat.example',
      onError: (e) => errors.push(e.code),
    });
    for (const loaded of page.iframe.onLoad) loaded();
    vi.advanceTimersByTime(3_000);
    expect(errors).toEqual([ORIGIN_NOT_ALLOWED]);
  });

  it('reports nothing when the checkout says it is ready in time', () => {
    vi.useFakeTimers();
    const page = fakePage();
    const calls: string[] = [];
    mountCheckout(page.element as unknown as HTMLElement, {
      token: 'tok.en',
      checkoutUrl: 'https://pay.ducat.example',
      onReady: () => calls.push('ready'),
      onError: (e) => calls.push(e.code),
    });
    for (const loaded of page.iframe.onLoad) loaded();
    page.post({ type: 'ducat:ready', channel: channelOf(page.iframe.src) }, page.frameWindow);
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual(['ready']);
  });
});

describe('openCheckoutPopup', () => {
  it('reports the outcome from the popup, then closes it and stops listening', () => {
    const page = fakePage();
    const calls: string[] = [];
    openCheckoutPopup({
      token: 't',
      checkoutUrl: 'https://pay.ducat.example',
      window: page.win as unknown as Window,
      onError: (e) => calls.push(`error:${e.code}`),
      onCancel: () => calls.push('cancel'),
    });
    const url = page.opened[0] ?? '';
    expect(new URLSearchParams(new URL(url).hash.slice(1)).get('mode')).toBe('popup');
    page.post(
      { type: 'ducat:error', channel: channelOf(url), code: 'card_declined', message: 'no' },
      page.popup,
    );
    expect(calls).toEqual(['error:card_declined']);
    expect(page.popup.closed).toBe(true);
    expect(page.listeners.size).toBe(0);
  });

  it('counts a popup closed by the shopper as a cancel', async () => {
    const page = fakePage();
    const calls: string[] = [];
    openCheckoutPopup({
      token: 't',
      window: page.win as unknown as Window,
      onCancel: () => calls.push('cancel'),
    });
    page.popup.closed = true;
    await new Promise((r) => setTimeout(r, 500));
    expect(calls).toEqual(['cancel']);
    expect(page.listeners.size).toBe(0);
  });

  it('reports a blocked popup as an error', () => {
    const page = fakePage();
    const calls: string[] = [];
    const win = { ...page.win, open: () => null };
    const handle = openCheckoutPopup({
      token: 't',
      window: win as unknown as Window,
      onError: (e) => calls.push(e.code),
    });
    expect(handle.popup).toBeNull();
    expect(calls).toEqual(['popup_blocked']);
  });
});
