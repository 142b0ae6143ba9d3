'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { z } from 'zod';
import { useTRPC } from '@/lib/trpc';
import { ApiErrorMessage } from './api-error-message';

const ZLogin = z.object({
  email: z.email('Enter your email address.'),
  password: z.string().min(1, 'Enter your password.'),
});

/** Staff sign-in; the API decides the role, and the app's home page routes by it. */
export function LoginForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [invalid, setInvalid] = useState<string | undefined>();
  const logIn = useMutation(
    trpc.admin.logIn.mutationOptions({
      onSuccess: () => {
        router.replace('/');
        router.refresh();
      },
    }),
  );
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const parsed = ZLogin.safeParse({
          email: form.get('email'),
          password: form.get('password'),
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        logIn.mutate(parsed.data);
      }}
    >
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={logIn.error} />
      <button type="submit" className="primary" disabled={logIn.isPending || logIn.isSuccess}>
        {logIn.isPending || logIn.isSuccess ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
