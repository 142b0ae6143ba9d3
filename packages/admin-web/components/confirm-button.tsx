'use client';

import { type ReactNode, useId, useRef, useState } from 'react';

/**
 * A button for a destructive or irreversible action: it opens a native modal <dialog> (focus
 * trapped, Escape cancels) that says what will happen, and only "Confirm" runs the action.
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
  children,
}: {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel?: string;
  /** Runs the action; a rejection is the caller's to show (e.g. its mutation's error). */
  onConfirm: (form: FormData) => unknown;
  disabled?: boolean;
  danger?: boolean;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);

  return (
    <>
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        disabled={disabled || busy}
        onClick={() => dialog.current?.showModal()}
      >
        {busy ? `${label}…` : label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="confirm">
        <form
          method="dialog"
          onSubmit={async (event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            dialog.current?.close();
            setBusy(true);
            try {
              await onConfirm(data);
            } catch {
              // Shown by the caller (the mutation's error state); nothing to add here.
            } finally {
              setBusy(false);
            }
          }}
        >
          <h2 id={titleId}>{title}</h2>
          <div>{description}</div>
          {children}
          <div className="actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={danger ? 'danger' : 'primary'}>
              {confirmLabel ?? label}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
