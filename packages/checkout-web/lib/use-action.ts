'use client';

import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey } from './api';

/**
 * One user action against the API (a form submit, a button): `busy` while it runs (a second
 * start meanwhile is ignored, so a double click does nothing), the API's error if it fails. With
 * `keyPrefix`, the action gets an Idempotency-Key that lives until the action ends, so the
 * client's retries of it share the key and the next action gets a new one.
 */
export function useAction(options: { keyPrefix?: string } = {}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const running = useRef(false);
  const { keyPrefix } = options;
  const run = useCallback(
    async <T>(work: (idempotencyKey: string) => Promise<T>): Promise<T | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        return await work(keyPrefix ? newIdempotencyKey(keyPrefix) : '');
      } catch (caught) {
        setError(apiErrorOf(caught));
        return undefined;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [keyPrefix],
  );
  return { busy, error, setError, run };
}

/** A text field of a submitted form ('' when absent). */
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}
