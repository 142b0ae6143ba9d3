'use client';

import type { ReactNode } from 'react';
import { ApiErrorMessage } from './api-error-message';

type QueryLike<T> = {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  refetch: () => unknown;
};

/**
 * The loading, error and empty states every page shows the same way; `children` renders the
 * data once it is there.
 */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  children,
  label = 'Loading…',
}: {
  query: QueryLike<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
  label?: string;
}) {
  if (query.isPending) {
    return (
      <p className="muted" role="status" aria-live="polite">
        {label}
      </p>
    );
  }
  if (query.error || query.data === undefined) {
    return (
      <div className="state-error">
        <ApiErrorMessage error={query.error} />
        <button type="button" onClick={() => query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  if (isEmpty?.(query.data)) {
    return <p className="empty">{empty ?? 'Nothing here yet.'}</p>;
  }
  return <>{children(query.data)}</>;
}
