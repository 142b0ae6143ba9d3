'use client';

import { Tabs as TabsPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn';

/**
 * Tabs (Radix Tabs: arrow keys move between tabs, roles and `aria-controls` wired).
 * The checkout shows its payment methods this way.
 *
 * @example
 * <Tabs defaultValue="wallet">
 *   <TabsList aria-label="Payment method">
 *     <TabsTrigger value="wallet">Wallet</TabsTrigger>
 *     <TabsTrigger value="card">Card</TabsTrigger>
 *   </TabsList>
 *   <TabsContent value="wallet">…</TabsContent>
 *   <TabsContent value="card">…</TabsContent>
 * </Tabs>
 */
export function Tabs({ className, ...props }: ComponentProps<typeof TabsPrimitive.Root>) {
  return <TabsPrimitive.Root className={cn('flex flex-col gap-4', className)} {...props} />;
}

export function TabsList({ className, ...props }: ComponentProps<typeof TabsPrimitive.List>) {
  return (
    <TabsPrimitive.List
      className={cn(
        'grid auto-cols-fr grid-flow-col gap-1 rounded-lg bg-muted p-1 text-muted-foreground',
        className,
      )}
      {...props}
    />
  );
}

export function TabsTrigger({ className, ...props }: ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      className={cn(
        'inline-flex min-h-10 items-center justify-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring disabled:opacity-60 data-[state=active]:bg-surface data-[state=active]:text-foreground data-[state=active]:shadow-sm',
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: ComponentProps<typeof TabsPrimitive.Content>) {
  return (
    <TabsPrimitive.Content
      className={cn(
        'focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring rounded-md',
        className,
      )}
      {...props}
    />
  );
}
