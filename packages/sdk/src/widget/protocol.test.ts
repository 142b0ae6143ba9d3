import { describe, expect, it } from 'vitest';
import {
  type CheckoutHandlers,
  createMessageHandler,
  embedUrl,
  MAX_HEIGHT,
  MIN_HEIGHT,
} from './protocol.js';

const ORIGIN = 'https://pay.ducat.example';
const frame = { name: 'the iframe window' };
const intruder = { name: 'another window' };

function setup() {
  const calls: string[] = [];
  const handlers: CheckoutHandlers = {
    onReady: () => calls.push('ready'),
    onResize: (h) => calls.push(`resize:${h}`),
    onSuccess: (r) => calls.push(`success:${r.orderId}:${r.status}:${r.redirectUrl ?? ''}`),
    onCancel: () => calls.push('cancel'),
    onError: (e) => calls.push(`error:${e.code}`),
  };
  let finished = 0;
  const handle = createMessageHandler({
    checkoutOrigin: ORIGIN,
    channel: 'ch1',
    source: () => frame,
    handlers,
    onFinished: () => finished++,
  });
  const send = (data: unknown, origin = ORIGIN, source: unknown = frame) =>
    handle({ origin, source, data });
  return { calls, send, finished: () => finished };
}

describe('widget message handling', () => {
  it('reports ready, resizes (clamped) and the outcome', () => {
    const { calls, send, finished } = setup();
    expect(send({ type: 'ducat:ready', channel: 'ch1' })).toBe(true);
    send({ type: 'ducat:resize', channel: 'ch1', height: 612.4 });
    send({ type: 'ducat:resize', channel: 'ch1', height: 5 });
    send({ type: 'ducat:resize', channel: 'ch1', height: 1e9 });
    send({
      type: 'ducat:success',
      channel: 'ch1',
      orderId: 'ord_1',
      status: 'checkout_success',
      redirectUrl: 'https://s/r',
    });
    expect(calls).toEqual([
      'ready',
      'resize:612',
      `resize:${MIN_HEIGHT}`,
      `resize:${MAX_HEIGHT}`,
      'success:ord_1:checkout_success:https://s/r',
    ]);
    expect(finished()).toBe(1);
  });

  it('ignores messages from another origin, another window or another channel', () => {
    const { calls, send } = setup();
    const success = {
      type: 'ducat:success',
      channel: 'ch1',
      orderId: 'ord_1',
      status: 'checkout_success',
    };
    expect(send(success, 'https://evil.example')).toBe(false);
    expect(send(success, 'https://pay.ducat.example.evil.example')).toBe(false);
    expect(send(success, 'http://pay.ducat.example')).toBe(false);
    expect(send(success, ORIGIN, intruder)).toBe(false);
    expect(send({ ...success, channel: 'other' })).toBe(false);
    expect(calls).toEqual([]);
  });

  it('ignores malformed messages', () => {
    const { calls, send } = setup();
    for (const data of [
      null,
      'ducat:success',
      { type: 'ducat:success', channel: 'ch1' },
      { type: 'ducat:resize', channel: 'ch1', height: 'tall' },
      { type: 'ducat:resize', channel: 'ch1', height: Number.NaN },
      { type: 'ducat:unknown', channel: 'ch1' },
      { type: 'ducat:cancel' },
    ]) {
      expect(send(data)).toBe(false);
    }
    expect(calls).toEqual([]);
  });

  it('reports exactly one outcome', () => {
    const { calls, send, finished } = setup();
    send({ type: 'ducat:error', channel: 'ch1', code: 'card_declined', message: 'Declined' });
    send({ type: 'ducat:success', channel: 'ch1', orderId: 'ord_1', status: 'checkout_success' });
    send({ type: 'ducat:cancel', channel: 'ch1' });
    expect(calls).toEqual(['error:card_declined']);
    expect(finished()).toBe(1);
  });

  it('ignores everything before the window exists', () => {
    const calls: string[] = [];
    const handle = createMessageHandler({
      checkoutOrigin: ORIGIN,
      channel: 'c',
      source: () => null,
      handlers: { onCancel: () => calls.push('cancel') },
    });
    expect(
      handle({ origin: ORIGIN, source: null, data: { type: 'ducat:cancel', channel: 'c' } }),
    ).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe('embed URL', () => {
  it('puts the token in the path and the parent origin and channel in the fragment', () => {
    const { url, origin } = embedUrl({
      checkoutUrl: 'https://pay.ducat.example/base',
      token: 'a.b.c',
      parentOrigin: 'https://shop.example',
      channel: 'ch1',
      mode: 'iframe',
    });
    expect(origin).toBe(ORIGIN);
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/base/embed/a.b.c');
    expect(parsed.search).toBe('');
    expect(Object.fromEntries(new URLSearchParams(parsed.hash.slice(1)))).toEqual({
      parentOrigin: 'https://shop.example',
      channel: 'ch1',
      mode: 'iframe',
    });
  });

  it('refuses a checkout URL that is not http(s)', () => {
    expect(() =>
      embedUrl({
        checkoutUrl: 'javascript:alert(1)',
        token: 't',
        parentOrigin: 'x',
        channel: 'c',
        mode: 'popup',
      }),
    ).toThrow();
  });
});
