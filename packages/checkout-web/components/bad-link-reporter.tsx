'use client';

import { useEffect } from 'react';

const CHANNEL = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * In the widget, a link that cannot be trusted still tells the merchant's page why it shows
 * nothing: `ducat:error` with the code, to the parent origin its fragment names. That origin is
 * unchecked (a bad link names no merchant to check it against), which is why this message carries
 * the error code and its text and nothing else.
 */
export function BadLinkReporter(props: { code: string; message: string }) {
  useEffect(() => {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const parentOrigin = params.get('parentOrigin') ?? '';
    const channel = params.get('channel') ?? '';
    if (!CHANNEL.test(channel)) return;
    let origin: string;
    try {
      origin = new URL(parentOrigin).origin;
    } catch {
      return;
    }
    if (origin !== parentOrigin) return;
    const target = params.get('mode') === 'popup' ? window.opener : window.parent;
    if (!target || target === window) return;
    (target as Window).postMessage(
      { type: 'ducat:error', channel, code: props.code, message: props.message },
      parentOrigin,
    );
  }, [props.code, props.message]);
  return null;
}
