'use client';

import { type FormEvent, useId, useState } from 'react';
import { useApi } from '@/lib/api';
import { formText as field, useAction } from '@/lib/use-action';
import { FormError } from './form-error';

/** The email and password inputs of both forms (a new password says how long it must be). */
function CredentialFields({ id, newPassword = false }: { id: string; newPassword?: boolean }) {
  return (
    <>
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} name="email" type="email" autoComplete="email" required />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        name="password"
        type="password"
        autoComplete={newPassword ? 'new-password' : 'current-password'}
        required
        {...(newPassword ? { minLength: 10, 'aria-describedby': `${id}-password-hint` } : {})}
      />
      {newPassword ? (
        <p id={`${id}-password-hint`} className="hint">
          At least 10 characters.
        </p>
      ) : null}
    </>
  );
}

/** Email and password sign-in; calls `onSignedIn` once the session cookie is set. */
export function SignInForm({
  onSignedIn,
  titleLevel = 2,
  embedded = false,
}: {
  onSignedIn: () => void;
  /** The heading level of the form's title where it sits (3 inside the checkout's sections). */
  titleLevel?: 2 | 3;
  /**
   * Inside the widget's frame on a merchant's site: the API then sets a partitioned
   * SameSite=None session cookie, the only kind a browser keeps in a third-party frame.
   */
  embedded?: boolean;
}) {
  const Title = titleLevel === 2 ? 'h2' : 'h3';
  const { client, setCsrfToken } = useApi();
  const { busy, error, run } = useAction();
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const session = await run(() =>
      client.account.logIn.mutate({
        email: field(form, 'email').trim(),
        password: field(form, 'password'),
        ...(embedded ? { embedded } : {}),
      }),
    );
    if (!session) return;
    setCsrfToken(session.csrfToken);
    onSignedIn();
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate={false}>
      <Title id={`${id}-title`} className="form-title">
        Sign in
      </Title>
      <CredentialFields id={id} />
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
  embedded = false,
}: {
  onSignedUp: () => void;
  titleLevel?: 2 | 3;
  /** As for SignInForm: the sign-in that follows the sign-up happens in the widget's frame. */
  embedded?: boolean;
}) {
  const Title = titleLevel === 2 ? 'h2' : 'h3';
  const { client, setCsrfToken } = useApi();
  const { busy, error, setError, run } = useAction();
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const email = field(form, 'email').trim();
    const password = field(form, 'password');
    const name = field(form, 'name').trim();
    const signedUp = await run(async () => {
      await client.account.signUp.mutate({ email, password, ...(name ? { name } : {}) });
      return true;
    });
    if (!signedUp) return;
    const session = await run(() =>
      client.account.logIn.mutate({ email, password, ...(embedded ? { embedded } : {}) }),
    );
    if (!session) {
      // The address already had an account (sign-up answers the same either way, so nobody
      // learns which addresses have one); its owner got a mail instead.
      setError({
        code: 'email_taken_or_unverified',
        message:
          'We sent a message to this address. If you already have an account, sign in with its password.',
      });
      return;
    }
    setCsrfToken(session.csrfToken);
    onSignedUp();
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <Title id={`${id}-title`} className="form-title">
        Create an account
      </Title>
      <label htmlFor={`${id}-name`}>Name (optional)</label>
      <input id={`${id}-name`} name="name" type="text" autoComplete="name" maxLength={200} />
      <CredentialFields id={id} newPassword />
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
  embedded = false,
}: {
  onDone: () => void;
  initial?: 'signin' | 'signup';
  embedded?: boolean;
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
        <SignInForm onSignedIn={onDone} titleLevel={3} embedded={embedded} />
      ) : (
        <SignUpForm onSignedUp={onDone} titleLevel={3} embedded={embedded} />
      )}
    </div>
  );
}
