'use client';

import { CopyButton, ShortId } from '@ducat/ui';

/**
 * An id in a table or a fact list: short (`ord_1pBq…x9`), on one line, with a copy button; the
 * whole id is its accessible name and tooltip.
 */
export function Id({ value, label = 'Copy id' }: { value: string; label?: string }) {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <ShortId value={value} />
      <CopyButton value={value} label={label} />
    </span>
  );
}
