'use client';

import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import Link from 'next/link';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '@/lib/api';
import { SignInForm, SignUpForm } from './auth-forms';
import { FormError } from './form-error';

export function SignInScreen({ next }: { next: string }) {
  return (
    <div className="narrow stack">
      <SignInForm onSignedIn={() => window.location.assign(next)} />
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> ·{' '}
        <Link href={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </div>
  );
}

export function SignUpScreen({ next }: { next: string }) {
  return (
    <div className="narrow stack">
      <SignUpForm onSignedUp={() => window.location.assign(next)} />
      <p>
        Already have an account?{' '}
        <Link href={`/signin?next=${encodeURIComponent(next)}`}>Sign in</Link>
      </p>
    </div>
  );
}

/** Opens the link from the verification mail: verifies once, says so. */
export function VerifyEmail({ token }: { token: string }) {
  const { client } = useApi();
  const [state, setState] = useState<'working' | 'done' | ApiErrorInfo>('working');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    client.account.verifyEmail
      .mutate({ token })
      .then(() => setState('done'))
      .catch((error: unknown) => setState(apiErrorOf(error)));
  }, [client, token]);
  if (state === 'working') return <p aria-live="polite">Verifying your email…</p>;
  if (state === 'done') {
    return (
      <div className="alert alert-success" role="status" data-testid="email-verified">
        <p>Your email is verified. Thank you!</p>
        <p>
          <Link href="/wallet">Go to your wallet</Link>
        </p>
      </div>
    );
  }
  return (
    <FormError
      error={
        state.code === 'email_token_invalid' || state.code === 'validation_failed'
          ? {
              ...state,
              message:
                'This verification link is not valid any more (it may have been used already).',
            }
          : state
      }
    />
  );
}

export function ForgotPassword() {
  const { client } = useApi();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = new FormData(event.currentTarget).get('email');
    if (typeof email !== 'string' || busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.account.requestPasswordReset.mutate({ email: email.trim() });
      setSent(true);
    } catch (caught) {
      setError(apiErrorOf(caught));
    } finally {
      setBusy(false);
    }
  }
  if (sent) {
    return (
      <div className="alert alert-success" role="status">
        <p>If an account uses this address, we sent it a link to choose a new password.</p>
      </div>
    );
  }
  return (
    <form className="form narrow" onSubmit={submit}>
      <label htmlFor={`${id}-email`}>Email</label>
      <input id={`${id}-email`} name="email" type="email" autoComplete="email" required />
      <FormError error={error} />
      <button type="submit" className="button button-primary" disabled={busy}>
        Send me a reset link
      </button>
    </form>
  );
}

export function ResetPassword({ token }: { token: string }) {
  const { client } = useApi();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = new FormData(event.currentTarget).get('password');
    if (typeof password !== 'string' || busy) return;
    setBusy(true);
    setError(null);
    try {
      await client.account.resetPassword.mutate({ token, password });
      setDone(true);
    } catch (caught) {
      setError(apiErrorOf(caught));
    } finally {
      setBusy(false);
    }
  }
  if (done) {
    return (
      <div className="alert alert-success" role="status">
        <p>Your password is changed, and every other session of yours has ended.</p>
        <p>
          <Link href="/signin">Sign in</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="form narrow" onSubmit={submit}>
      <label htmlFor={`${id}-password`}>New password</label>
      <input
        id={`${id}-password`}
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
      />
      <FormError error={error} />
      <button type="submit" className="button button-primary" disabled={busy}>
        Set the new password
      </button>
    </form>
  );
}
