'use client';

import type { ReactNode } from 'react';
import { useUrlState } from '@/lib/url-state';

/**
 * A table's filter form: on submit, each named field's trimmed value goes into the URL (an empty
 * one is removed), which takes the table back to its first page.
 */
export function UrlFilterForm(props: {
  label: string;
  /** The form fields' names, which are also their URL params. */
  fields: readonly string[];
  children: ReactNode;
}) {
  const { set } = useUrlState();
  return (
    <form
      className="filters"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const patch: Record<string, string | undefined> = {};
        for (const name of props.fields) {
          patch[name] = String(form.get(name) ?? '').trim() || undefined;
        }
        set(patch);
      }}
    >
      {props.children}
    </form>
  );
}
