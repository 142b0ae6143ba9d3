'use client';

import { type ApiErrorInfo, apiErrorOf } from '@ducat/web-kit';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useApi, useTRPC } from '@/lib/api';
import { FormError } from '../form-error';

export function ProfileForms() {
  const trpc = useTRPC();
  const { client, setCsrfToken } = useApi();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const [nameError, setNameError] = useState<ApiErrorInfo | null>(null);
  const [nameSaved, setNameSaved] = useState(false);
  const [passwordError, setPasswordError] = useState<ApiErrorInfo | null>(null);
  const [passwordSaved, setPasswordSaved] = useState(false);
  const id = useId();

  async function saveName(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    setNameError(null);
    setNameSaved(false);
    try {
      await client.account.updateProfile.mutate({ name: name === '' ? null : name });
      await queryClient.invalidateQueries();
      setNameSaved(true);
    } catch (caught) {
      setNameError(apiErrorOf(caught));
    }
  }

  async function changePassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setPasswordError(null);
    setPasswordSaved(false);
    try {
      const session = await client.account.changePassword.mutate({
        currentPassword: String(data.get('currentPassword') ?? ''),
        password: String(data.get('password') ?? ''),
      });
      setCsrfToken(session.csrfToken);
      form.reset();
      setPasswordSaved(true);
    } catch (caught) {
      setPasswordError(apiErrorOf(caught));
    }
  }

  if (me.isPending) return <p className="skeleton-line">Loading…</p>;
  if (me.isError) return <p role="alert">Your profile could not be loaded.</p>;
  return (
    <div className="stack">
      <section className="card" aria-labelledby={`${id}-account`}>
        <h2 id={`${id}-account`}>Account</h2>
        <p>
          {me.data.email}{' '}
          {me.data.emailVerified ? (
            <span className="badge badge-ok">verified</span>
          ) : (
            <span className="badge">not verified: open the link we mailed you</span>
          )}
        </p>
        <form className="form" onSubmit={saveName}>
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            name="name"
            defaultValue={me.data.name ?? ''}
            autoComplete="name"
            maxLength={200}
          />
          <FormError error={nameError} />
          {nameSaved ? (
            <p className="alert alert-success" role="status">
              Saved.
            </p>
          ) : null}
          <button type="submit" className="button">
            Save
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby={`${id}-password`}>
        <h2 id={`${id}-password`}>Change password</h2>
        <form className="form" onSubmit={changePassword}>
          <label htmlFor={`${id}-current`}>Current password</label>
          <input
            id={`${id}-current`}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
          />
          <label htmlFor={`${id}-new`}>New password</label>
          <input
            id={`${id}-new`}
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
          />
          <FormError error={passwordError} />
          {passwordSaved ? (
            <p className="alert alert-success" role="status">
              Password changed. Your other sessions have ended.
            </p>
          ) : null}
          <button type="submit" className="button">
            Change password
          </button>
        </form>
      </section>
    </div>
  );
}
