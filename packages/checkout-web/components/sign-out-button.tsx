'use client';

import { useState } from 'react';
import { useApi } from '@/lib/api';

/** Ends the session at the API, then reloads into the sign-in page (no stale private data). */
export function SignOutButton() {
  const { client, setCsrfToken } = useApi();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="link-button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await client.account.logOut.mutate();
        } catch {
          // Already signed out: the result is the same.
        }
        setCsrfToken(undefined);
        window.location.assign('/signin');
      }}
    >
      Sign out
    </button>
  );
}
