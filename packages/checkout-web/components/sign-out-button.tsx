'use client';

import { Button } from '@ducat/ui';
import { useState } from 'react';
import { useApi } from '@/lib/api';

/** Ends the session at the API, then reloads into the sign-in page (no stale private data). */
export function SignOutButton() {
  const { client, setCsrfToken } = useApi();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="button"
      variant="link"
      size="sm"
      className="min-h-11"
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
    </Button>
  );
}
