'use client';

import { useState } from 'react';

/** A secret the server returned once: shown with a copy button and a warning that it is the only time. */
export function SecretOnce({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="secret" aria-label={label}>
      <p>
        <strong>{label}</strong> — copy it now: it is shown only once and cannot be read again.
      </p>
      <code data-testid="secret-value">{secret}</code>{' '}
      <button
        type="button"
        onClick={async () => {
          await navigator.clipboard.writeText(secret);
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </section>
  );
}
