import { cva, type VariantProps } from 'class-variance-authority';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

const alertVariants = cva('rounded-md border px-4 py-3 text-sm [&_p+p]:mt-1', {
  variants: {
    tone: {
      info: 'border-info-border bg-info text-info-foreground',
      success: 'border-success-border bg-success text-success-foreground',
      warning: 'border-warning-border bg-warning text-warning-foreground',
      error: 'border-destructive-border bg-destructive-soft text-destructive-soft-foreground',
    },
  },
  defaultVariants: { tone: 'info' },
});

export type AlertProps = ComponentProps<'div'> & VariantProps<typeof alertVariants>;

/**
 * A message in the flow of the page. Errors are announced (`role="alert"`), the rest politely
 * (`role="status"`), unless a role is given.
 *
 * @example
 * <Alert tone="error"><AlertTitle>Card declined</AlertTitle><p>Try another card.</p></Alert>
 */
export function Alert({ className, tone, role, ...props }: AlertProps) {
  return (
    <div
      data-slot="alert"
      role={role ?? (tone === 'error' ? 'alert' : 'status')}
      className={cn(alertVariants({ tone }), className)}
      {...props}
    />
  );
}

export function AlertTitle({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cn('font-semibold', className)} {...props} />;
}
