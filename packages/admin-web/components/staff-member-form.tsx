'use client';

import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from './api-error-message';

export type StaffMemberInput<R extends string> = {
  email: string;
  password: string;
  name?: string;
  role: R;
};

/**
 * Adds a staff member (platform staff by an admin, a merchant's team by its owner): the form,
 * its zod checks and its states; the caller says which roles and which procedure.
 */
export function StaffMemberForm<R extends string>({
  heading,
  roles,
  defaultRole,
  pending,
  error,
  created,
  onSubmit,
}: {
  heading: string;
  roles: readonly [R, ...R[]];
  defaultRole: R;
  pending: boolean;
  error: unknown;
  created: { email: string; role: string } | undefined;
  onSubmit: (member: StaffMemberInput<R>, done: () => void) => void;
}) {
  const [invalid, setInvalid] = useState<string | undefined>();
  const ZMember = z.object({
    email: z.email('Enter an email address.'),
    password: z.string().min(10, 'The password needs at least 10 characters.').max(200),
    name: z.string().trim().max(200).optional(),
    role: z.enum(roles),
  });
  return (
    <form
      className="stack card"
      aria-label={heading}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const form = new FormData(formEl);
        const parsed = ZMember.safeParse({
          email: String(form.get('email') ?? '').trim(),
          password: form.get('password'),
          name: String(form.get('name') ?? '').trim() || undefined,
          role: form.get('role'),
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        onSubmit(parsed.data as StaffMemberInput<R>, () => formEl.reset());
      }}
    >
      <h2>{heading}</h2>
      <label>
        Email
        <input name="email" type="email" autoComplete="off" />
      </label>
      <label>
        Name
        <input name="name" />
      </label>
      <label>
        Initial password (10+ characters; they change it after signing in)
        <input name="password" type="password" autoComplete="new-password" />
      </label>
      <label>
        Role
        <select name="role" defaultValue={defaultRole}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </label>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={error} />
      {created ? (
        <p role="status">
          {created.email} can now sign in as {created.role}.
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Adding…' : heading}
      </button>
    </form>
  );
}
