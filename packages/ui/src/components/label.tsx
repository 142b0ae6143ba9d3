'use client';

import { Label as LabelPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

/**
 * A form label (Radix Label: a click focuses the control).
 *
 * @example
 * <Label htmlFor="email">Email</Label>
 */
export function Label({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root
      data-slot="label"
      className={cn('text-sm font-medium text-foreground leading-none', className)}
      {...props}
    />
  );
}
