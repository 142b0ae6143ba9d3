'use client';

import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
  Button,
  type ButtonProps,
} from '@ducat/ui';
import { type ReactNode, useState } from 'react';

/**
 * A button for a destructive or irreversible action: it opens an alert dialog (`@ducat/ui`'s
 * Radix AlertDialog: focus trapped and given back, Escape or Cancel closes it, a click outside
 * does not) that says what will happen, and only the confirm button runs the action. A
 * destructive action (`danger`, the default) gets the destructive style on both buttons.
 * `children` may add inputs (a reason, a note) that the dialog's form submits.
 */
export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  disabled,
  danger = true,
  variant,
  children,
}: {
  label: string;
  title: string;
  /** What the action will do (its consequence), in words. */
  description: ReactNode;
  confirmLabel?: string;
  /** Runs the action; a rejection is the caller's to show (e.g. its mutation's error). */
  onConfirm: (form: FormData) => unknown;
  disabled?: boolean;
  danger?: boolean;
  /** The opening button's look, when it is not the usual one (destructive or secondary). */
  variant?: ButtonProps['variant'];
  children?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button
          size="sm"
          variant={variant ?? (danger ? 'destructive' : 'secondary')}
          disabled={disabled || busy}
          aria-busy={busy || undefined}
        >
          {busy ? `${label}…` : label}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <form
          className="grid gap-4"
          onSubmit={async (event) => {
            event.preventDefault();
            // The dialog is portalled, but React still bubbles its submit to a form around the
            // button (an editor with its own submit action must not run it too).
            event.stopPropagation();
            const data = new FormData(event.currentTarget);
            setOpen(false);
            setBusy(true);
            try {
              await onConfirm(data);
            } catch {
              // Shown by the caller (the mutation's error state or a toast); nothing to add here.
            } finally {
              setBusy(false);
            }
          }}
        >
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div>{description}</div>
          </AlertDialogDescription>
          {children ? <div className="confirm-fields grid gap-3">{children}</div> : null}
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <Button type="submit" size="sm" variant={danger ? 'destructive' : 'primary'}>
              {confirmLabel ?? label}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
