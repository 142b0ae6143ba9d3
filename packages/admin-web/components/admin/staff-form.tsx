'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { useTRPC } from '@/lib/trpc';

const ZStaff = z.object({
  email: z.email('Enter an email address.'),
  password: z.string().min(10, 'The password needs at least 10 characters.').max(200),
  name: z.string().trim().max(200).optional(),
  role: z.enum(['admin', 'support', 'finance']),
});

export function StaffForm() {
  const trpc = useTRPC();
  const [invalid, setInvalid] = useState<string | undefined>();
  const create = useMutation(trpc.admin.staff.create.mutationOptions());
  return (
    <form
      className="stack card"
      aria-label="Add a staff member"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = ZStaff.safeParse({
          email: form.get('email'),
          password: form.get('password'),
          name: String(form.get('name') ?? '') || undefined,
          role: form.get('role'),
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        create.mutate(parsed.data);
      }}
    >
      <h2>Add a staff member</h2>
      <label>
        Email
        <input name="email" type="email" required />
      </label>
      <label>
        Name
        <input name="name" />
      </label>
      <label>
        Initial password
        <input name="password" type="password" autoComplete="new-password" required />
      </label>
      <label>
        Role
        <select name="role" defaultValue="support">
          <option value="admin">Admin</option>
          <option value="support">Support (read-only)</option>
          <option value="finance">Finance</option>
        </select>
      </label>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={create.error} />
      {create.isSuccess ? (
        <p role="status">
          {create.data.email} added as {create.data.role}.
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add staff member'}
      </button>
    </form>
  );
}
