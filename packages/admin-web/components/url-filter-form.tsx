'use client';

import { FilterChips } from '@ducat/ui';
import type { ReactNode } from 'react';
import { useUrlState } from '@/lib/url-state';

/**
 * A table's filter form: on submit, each named field's trimmed value goes into the URL (an empty
 * one is removed), which takes the table back to its first page. With `chips`, the filters in
 * force are shown under the form as chips, each with a button that removes it.
 */
export function UrlFilterForm(props: {
  label: string;
  /** The form fields' names, which are also their URL params. */
  fields: readonly string[];
  /** Show the active filters as chips: each field's label, and optionally how to show a value. */
  chips?: {
    labels: Record<string, string>;
    format?: (field: string, value: string) => string;
  };
  children: ReactNode;
}) {
  const { get, set } = useUrlState();
  const active = props.chips
    ? props.fields.flatMap((field) => {
        const value = get(field);
        return value ? [{ field, value }] : [];
      })
    : [];
  return (
    <>
      <form
        className="filters"
        aria-label={props.label}
        // A removed chip's field must show empty too: remount the fields when the URL changes.
        key={active.map((a) => `${a.field}=${a.value}`).join('&')}
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
      {props.chips ? (
        <FilterChips
          chips={active.map(({ field, value }) => ({
            key: field,
            label: props.chips?.labels[field] ?? field,
            value: props.chips?.format?.(field, value) ?? value,
            onRemove: () => set({ [field]: undefined }),
          }))}
          onClearAll={() => set(Object.fromEntries(props.fields.map((f) => [f, undefined])))}
        />
      ) : null}
    </>
  );
}
