import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

/**
 * The top of a page: its one `<h1>` (PageTitle), an optional line under it (PageDescription) and
 * the page's actions, which wrap under the title on a phone.
 *
 * @example
 * <PageHeader>
 *   <PageTitle>Orders</PageTitle>
 *   <PageDescription>Every order of every merchant.</PageDescription>
 * </PageHeader>
 */
export function PageHeader({ className, ...props }: ComponentProps<'header'>) {
  return (
    <header
      data-slot="page-header"
      className={cn('mb-4 flex flex-col gap-1', className)}
      {...props}
    />
  );
}

export function PageTitle({ className, ...props }: ComponentProps<'h1'>) {
  return (
    <h1
      data-slot="page-title"
      className={cn(
        'm-0 flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight text-foreground',
        className,
      )}
      {...props}
    />
  );
}

export function PageDescription({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cn('m-0 text-sm text-muted-foreground', className)} {...props} />;
}
