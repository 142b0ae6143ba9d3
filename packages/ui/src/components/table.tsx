import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

/**
 * A data table that scrolls sideways inside its own box on a narrow screen instead of
 * widening the page. Money columns: `className="text-right tabular-nums"`.
 *
 * @example
 * <Table>
 *   <TableCaption className="sr-only">Your orders</TableCaption>
 *   <TableHeader><TableRow><TableHead>Date</TableHead></TableRow></TableHeader>
 *   <TableBody><TableRow><TableCell>3 Dec</TableCell></TableRow></TableBody>
 * </Table>
 */
export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div
      className="relative w-full overflow-x-auto rounded-sm focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring"
      // Focusable, so a keyboard can scroll a table wider than a phone (axe: scrollable-region-focusable).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take the focus
      tabIndex={0}
    >
      <table
        className={cn('w-full caption-bottom border-collapse text-sm', className)}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<'thead'>) {
  return <thead className={cn('[&_tr]:border-b', className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<'tbody'>) {
  return <tbody className={cn('[&_tr:last-child]:border-0', className)} {...props} />;
}

export function TableFooter({ className, ...props }: ComponentProps<'tfoot'>) {
  return <tfoot className={cn('border-t font-medium', className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cn('border-b border-border', className)} {...props} />;
}

export function TableHead({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      className={cn(
        'h-10 px-3 text-left align-middle font-medium whitespace-nowrap text-muted-foreground',
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-3 py-2.5 align-middle', className)} {...props} />;
}

export function TableCaption({ className, ...props }: ComponentProps<'caption'>) {
  return <caption className={cn('mt-3 text-sm text-muted-foreground', className)} {...props} />;
}
