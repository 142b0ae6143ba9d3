'use client';

import { useRouter } from 'next/navigation';
import { createContext, type ReactNode, useContext } from 'react';

import { MODE_COOKIE, type Mode, SECURE_MODE_COOKIE } from './mode-cookie';

const ModeContext = createContext<Mode>('test');

export function ModeProvider({ mode, children }: { mode: Mode; children: ReactNode }) {
  return <ModeContext.Provider value={mode}>{children}</ModeContext.Provider>;
}

export function useMode(): Mode {
  return useContext(ModeContext);
}

/** Test data and live data never mix: the switch changes which one every list and action uses. */
export function ModeSwitch() {
  const mode = useMode();
  const router = useRouter();
  function choose(next: Mode) {
    // Not a secret, and read by the server layout: a plain first-party cookie.
    // biome-ignore lint/suspicious/noDocumentCookie: a UI preference, not a credential
    document.cookie =
      window.location.protocol === 'https:'
        ? `${SECURE_MODE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax; secure`
        : `${MODE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }
  return (
    <fieldset className="mode-switch">
      <legend className="visually-hidden">Data mode</legend>
      {(['test', 'live'] as const).map((m) => (
        <label key={m} className={mode === m ? 'on' : undefined}>
          <input
            type="radio"
            name="mode"
            value={m}
            checked={mode === m}
            onChange={() => choose(m)}
          />
          {m === 'test' ? 'Test mode' : 'Live mode'}
        </label>
      ))}
    </fieldset>
  );
}
