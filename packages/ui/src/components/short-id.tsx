'use client';

import { useEffect, useRef, useState } from 'react';
import { cn } from '../lib/cn';

/** `ord_1pBq…x9`: the prefix, four characters, an ellipsis and the last two. */
export function shortenId(id: string): string {
  const underscore = id.indexOf('_');
  const prefix = underscore > 0 && underscore < 8 ? id.slice(0, underscore + 1) : '';
  const body = id.slice(prefix.length);
  return body.length <= 8 ? id : `${prefix}${body.slice(0, 4)}…${body.slice(-2)}`;
}

/**
 * An id shown short and on one line (`ord_1pBq…x9`); screen readers, search and the tooltip get
 * the whole id. Put it inside a link when it names a record.
 *
 * @example
 * <ShortId value="ord_1pBqK7cQm2Zt8yW4xV3n9s" />
 */
export function ShortId({ value, className }: { value: string; className?: string }) {
  return (
    <span className={cn('font-mono text-[0.9em] whitespace-nowrap', className)} title={value}>
      <span aria-hidden="true">{shortenId(value)}</span>
      <span className="sr-only">{value}</span>
    </span>
  );
}

/**
 * A small button that copies a value to the clipboard and says "Copied" (announced) for a moment.
 *
 * @example
 * <CopyButton value={order.id} label="Copy order id" />
 */
export function CopyButton({
  value,
  label = 'Copy',
  className,
}: {
  value: string;
  /** The button's accessible name; the value is appended so each row's button is distinct. */
  label?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <button
      type="button"
      data-slot="copy-button"
      aria-label={`${label} ${value}`}
      title={label}
      onClick={async (event) => {
        event.stopPropagation();
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setCopied(false), 2_000);
        } catch {
          setCopied(false);
        }
      }}
      className={cn(
        'relative z-10 inline-flex h-7 min-w-7 shrink-0 cursor-pointer items-center justify-center rounded-md px-1.5 text-xs text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring',
        className,
      )}
    >
      {copied ? (
        <span aria-hidden="true">✓</span>
      ) : (
        // Two overlapping sheets: drawn, since not every font has a copy glyph.
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5" />
        </svg>
      )}
      <span role="status" className={copied ? 'ml-1' : 'sr-only'}>
        {copied ? 'Copied' : ''}
      </span>
    </button>
  );
}
