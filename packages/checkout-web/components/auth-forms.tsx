'use client';

import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import { type FormEvent, useId, useState } from 'react';
import { useApi } from '@/lib/api';
import { FormError } from './form-error';

function field(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}

/** Email and password sign-in; calls `onSignedIn` once the session cookie is set. */
export function SignInForm({
  onSignedIn,
  titleLevel = 2,
}: {
  onSignedIn: () => void;
  /** The heading level of the form's title where it sits (3 inside the checkout's sections). */
  titleLevel?: 2 | 3;
}) {
  const Title = titleLevel === 2 ? 'h2' : 'h3';
  const { client, setCsrfToken } = useApi();
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    setBusy(true);
    setError(null);
    try {
      const session = await client.account.logIn.mutate({
        email: field(form, 'email').trim(),
        password: field(form, 'password'),
      });
      setCsrfToken(session.csrfToken);
      onSignedIn();
    } catch (caught) {
      setError(apiErrorOf(caught));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate={false}>
      <Title id={`${id}-title`} className="form-title">
        Sign in
      </Title>
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} name="email" type="email" autoComplete="email" required />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <FormError error={error} />
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

/**
 * Sign-up, then sign-in with the same credentials, so a shopper who signs up on a checkout
 * page keeps the order in front of them. The verification mail can be opened later.
 */
export function SignUpForm({
  onSignedUp,
  titleLevel = 2,
}: {
  onSignedUp: () => void;
  titleLevel?: 2 | 3;
}) {
  const Title = titleLevel === 2 ? 'h2' : 'h3';
  const { client, setCsrfToken } = useApi();
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = event.currentTarget;
    const email = field(form, 'email').trim();
    const password = field(form, 'password');
    const name = field(form, 'name').trim();
    setBusy(true);
    setError(null);
    try {
      await client.account.signUp.mutate({ email, password, ...(name ? { name } : {}) });
      try {
        const session = await client.account.logIn.mutate({ email, password });
        setCsrfToken(session.csrfToken);
      } catch {
        // The address already had an account (sign-up answers the same either way, so nobody
        // learns which addresses have one); its owner got a mail instead.
        setError({
          code: 'email_taken_or_unverified',
          message:
            'We sent a message to this address. If you already have an account, sign in with its password.',
        });
        setBusy(false);
        return;
      }
      onSignedUp();
    } catch (caught) {
      setError(apiErrorOf(caught));
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <Title id={`${id}-title`} className="form-title">
        Create an account
      </Title>
      <label htmlFor={`${id}-name`}>Name (optional)</label>
      <input id={`${id}-name`} name="name" type="text" autoComplete="name" maxLength={200} />
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} name="email" type="email" autoComplete="email" required />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
        aria-describedby={`${id}-password-hint`}
      />
      <p id={`${id}-password-hint`} className="hint">
        At least 10 characters.
      </p>
      <FormError error={error} />
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}

/** Sign in or sign up, switchable, on one spot of a page (checkout and the auth pages). */
export function AuthPanel({
  onDone,
  initial = 'signin',
}: {
  onDone: () => void;
  initial?: 'signin' | 'signup';
}) {
  const [mode, setMode] = useState(initial);
  return (
    <div className="auth-panel">
      <fieldset className="tabs">
        <legend className="visually-hidden">Account</legend>
        <button
          type="button"
          className="tab"
          aria-pressed={mode === 'signin'}
          onClick={() => setMode('signin')}
        >
          I have an account
        </button>
        <button
          type="button"
          className="tab"
          aria-pressed={mode === 'signup'}
          onClick={() => setMode('signup')}
        >
          I am new here
        </button>
      </fieldset>
      {mode === 'signin' ? (
        <SignInForm onSignedIn={onDone} titleLevel={3} />
      ) : (
        <SignUpForm onSignedUp={onDone} titleLevel={3} />
      )}
    </div>
  );
}
