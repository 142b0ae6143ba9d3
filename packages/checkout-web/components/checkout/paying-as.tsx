'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi, useTRPC } from '@/lib/api';

/** "Paying as alice@… · Not you?": who the wallet payment will come from, and a way out. */
export function PayingAs({ onSignedOut }: { onSignedOut: () => void }) {
  const trpc = useTRPC();
  const { client, setCsrfToken } = useApi();
  const me = useQuery(trpc.account.me.queryOptions());
  const [busy, setBusy] = useState(false);
  if (!me.data) return null;
  return (
    <p className="flex flex-wrap items-center gap-x-1.5 text-sm text-muted-foreground">
      <span>
        Paying as{' '}
        <strong className="font-medium text-foreground" data-testid="paying-as">
          {me.data.email}
        </strong>
      </span>
      <span aria-hidden="true">·</span>
      <button
        type="button"
        className="text-link underline underline-offset-2 disabled:opacity-60"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await client.account.logOut.mutate();
          } catch {
            // Already signed out: the result is the same.
          }
          setCsrfToken(undefined);
          setBusy(false);
          onSignedOut();
        }}
      >
        Not you?
      </button>
    </p>
  );
}
