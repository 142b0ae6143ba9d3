'use client';

import { Alert, Button, Card, CardContent, Input, Label } from '@ducat/ui';
import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import Link from 'next/link';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '@/lib/api';
import { formText, useAction } from '@/lib/use-action';
import { SignInForm, SignUpForm } from './auth-forms';
import { FormError } from './form-error';

export function SignInScreen({ next }: { next: string }) {
  return (
    <Card>
      <CardContent className="grid gap-4">
        <SignInForm onSignedIn={() => window.location.assign(next)} />
        <p className="text-sm">
          <Link className="text-link underline underline-offset-4" href="/forgot-password">
            Forgot your password?
          </Link>{' '}
          ·{' '}
          <Link
            className="text-link underline underline-offset-4"
            href={`/signup?next=${encodeURIComponent(next)}`}
          >
            Create an account
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}

export function SignUpScreen({ next }: { next: string }) {
  return (
    <Card>
      <CardContent className="grid gap-4">
        <SignUpForm onSignedUp={() => window.location.assign(next)} />
        <p className="text-sm">
          Already have an account?{' '}
          <Link
            className="text-link underline underline-offset-4"
            href={`/signin?next=${encodeURIComponent(next)}`}
          >
            Sign in
          </Link>
        </p>
      </CardContent>
    </Card>
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
      <Alert tone="success" data-testid="email-verified">
        <p>Your email is verified. Thank you!</p>
        <p>
          <Link className="font-semibold underline underline-offset-4" href="/wallet">
            Go to your wallet
          </Link>
        </p>
      </Alert>
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
  const { busy, error, run } = useAction();
  const id = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = formText(event.currentTarget, 'email').trim();
    if (await run(() => client.account.requestPasswordReset.mutate({ email }))) setSent(true);
  }
  if (sent) {
    return (
      <Alert tone="success">
        <p>If an account uses this address, we sent it a link to choose a new password.</p>
      </Alert>
    );
  }
  return (
    <Card>
      <CardContent>
        <form className="grid gap-2" onSubmit={submit}>
          <Label htmlFor={`${id}-email`}>Email</Label>
          <Input id={`${id}-email`} name="email" type="email" autoComplete="email" required />
          <FormError error={error} context="account" />
          <Button type="submit" block className="mt-1" disabled={busy} aria-busy={busy}>
            Send me a reset link
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

export function ResetPassword({ token }: { token: string }) {
  const { client } = useApi();
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction();
  const id = useId();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = formText(event.currentTarget, 'password');
    if (await run(() => client.account.resetPassword.mutate({ token, password }))) setDone(true);
  }
  if (done) {
    return (
      <Alert tone="success">
        <p>Your password is changed, and every other session of yours has ended.</p>
        <p>
          <Link className="font-semibold underline underline-offset-4" href="/signin">
            Sign in
          </Link>
        </p>
      </Alert>
    );
  }
  return (
    <Card>
      <CardContent>
        <form className="grid gap-2" onSubmit={submit}>
          <Label htmlFor={`${id}-password`}>New password</Label>
          <Input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
          <FormError error={error} context="account" />
          <Button type="submit" block className="mt-1" disabled={busy} aria-busy={busy}>
            Set the new password
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
