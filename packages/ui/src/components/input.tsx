import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

const field =
  'w-full min-w-0 rounded-md border border-input bg-surface px-3 text-base text-foreground shadow-xs transition-colors placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring focus-visible:border-ring disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-destructive aria-invalid:ring-destructive/30';

/**
 * A text input. Mark it `aria-invalid` (FormControl does) and it shows the error look.
 *
 * @example
 * <Input id="email" type="email" autoComplete="email" />
 */
export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input data-slot="input" className={cn(field, 'h-11 py-2', className)} {...props} />;
}

/** A multi-line text input with the same look as `Input`. */
export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return (
    <textarea data-slot="textarea" className={cn(field, 'min-h-24 py-2', className)} {...props} />
  );
}
