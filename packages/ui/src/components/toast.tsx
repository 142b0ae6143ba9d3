'use client';

import { Toast as ToastPrimitive } from 'radix-ui';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { cn } from '../lib/cn';

export type ToastInput = {
  title: string;
  description?: string;
  tone?: 'info' | 'success' | 'error';
};
type ToastItem = ToastInput & { id: number };

const ToastContext = createContext<((toast: ToastInput) => void) | null>(null);

/**
 * Puts toasts on the page (Radix Toast: announced politely, paused on hover and focus,
 * F8 jumps to them, swipe or Escape dismisses). Wrap the app once.
 *
 * @example
 * <Toaster><App /></Toaster>
 * // inside: const toast = useToast(); toast({ title: 'Card removed', tone: 'success' });
 */
export function Toaster({
  children,
  duration = 5_000,
}: {
  children: ReactNode;
  duration?: number;
}) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const push = useCallback((toast: ToastInput) => {
    setItems((current) => [...current, { ...toast, id: Date.now() + Math.random() }]);
  }, []);
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      <ToastPrimitive.Provider duration={duration}>
        {children}
        {items.map((item) => (
          <ToastPrimitive.Root
            key={item.id}
            type={item.tone === 'error' ? 'foreground' : 'background'}
            onOpenChange={(open) => {
              if (!open) setItems((current) => current.filter((t) => t.id !== item.id));
            }}
            className={cn(
              'grid gap-1 rounded-lg border p-4 pr-10 shadow-lg relative',
              item.tone === 'error'
                ? 'border-destructive-border bg-destructive-soft text-destructive-soft-foreground'
                : item.tone === 'success'
                  ? 'border-success-border bg-success text-success-foreground'
                  : 'border-border bg-surface text-foreground',
            )}
          >
            <ToastPrimitive.Title className="text-sm font-semibold">
              {item.title}
            </ToastPrimitive.Title>
            {item.description ? (
              <ToastPrimitive.Description className="text-sm">
                {item.description}
              </ToastPrimitive.Description>
            ) : null}
            <ToastPrimitive.Close
              aria-label="Dismiss"
              className="absolute top-2 right-2 rounded-sm px-1.5 text-lg leading-none opacity-70 hover:opacity-100 focus-visible:outline-none focus-visible:ring-3 focus-visible:ring-ring"
            >
              ×
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

/** The function that shows a toast; only inside a `Toaster`. */
export function useToast(): (toast: ToastInput) => void {
  const push = useContext(ToastContext);
  if (!push) throw new Error('useToast needs a <Toaster> around it');
  return push;
}
