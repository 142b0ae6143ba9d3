'use client';

import { apiErrorOf } from '@ducat/web-kit';

/** The server's typed error, as the user should read it (role="alert": announced at once). */
export function ApiErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const info = apiErrorOf(error);
  return (
    <p role="alert" className="error" data-code={info.code}>
      {info.message}
      <span className="muted"> ({info.code})</span>
      {info.requestId ? <span className="muted"> · request {info.requestId}</span> : null}
    </p>
  );
}
