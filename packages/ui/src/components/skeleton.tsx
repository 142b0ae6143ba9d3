import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

/**
 * A placeholder while data loads. Give the region around it `aria-busy`; the skeleton itself
 * is hidden from assistive technology.
 *
 * @example
 * <Skeleton className="h-5 w-32" />
 */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      aria-hidden="true"
      data-slot="skeleton"
      className={cn('animate-pulse rounded-md bg-muted motion-reduce:animate-none', className)}
      {...props}
    />
  );
}

/** A small spinning ring, for a wait whose length nobody knows. */
export function Spinner({ className, ...props }: ComponentProps<'span'>) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-block size-5 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none',
        className,
      )}
      {...props}
    />
  );
}
