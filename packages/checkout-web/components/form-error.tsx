import type { ApiErrorInfo } from '@ducat/web-kit';

/** An error under a form: announced to screen readers, with the request id for support. */
export function FormError({ error, id }: { error: ApiErrorInfo | null; id?: string }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert" id={id} data-code={error.code}>
      <p>{error.message}</p>
      {error.requestId ? <p className="muted small">Reference: {error.requestId}</p> : null}
    </div>
  );
}
