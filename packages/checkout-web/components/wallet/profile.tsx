'use client';

import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Input,
  Label,
  Skeleton,
} from '@ducat/ui';
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

  if (me.isPending) {
    return (
      <div aria-busy="true" className="grid gap-4">
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (me.isError) return <p role="alert">Your profile could not be loaded. Reload the page.</p>;
  return (
    <div className="grid items-start gap-4 md:grid-cols-2">
      <Card aria-labelledby={`${id}-account`}>
        <CardHeader>
          <CardTitle id={`${id}-account`}>Account</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-3">
          <p className="flex flex-wrap items-center gap-2 break-all">
            {me.data.email}{' '}
            {me.data.emailVerified ? (
              <Badge tone="success">verified</Badge>
            ) : (
              <Badge tone="warning">not verified: open the link we mailed you</Badge>
            )}
          </p>
          <form className="grid gap-2" onSubmit={saveName}>
            <Label htmlFor={`${id}-name`}>Name</Label>
            <Input
              id={`${id}-name`}
              name="name"
              defaultValue={me.data.name ?? ''}
              autoComplete="name"
              maxLength={200}
            />
            <FormError error={nameError} context="account" />
            {nameSaved ? (
              <Alert tone="success">
                <p>Saved.</p>
              </Alert>
            ) : null}
            <Button type="submit" variant="outline" className="mt-1 justify-self-start">
              Save
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card aria-labelledby={`${id}-password`}>
        <CardHeader>
          <CardTitle id={`${id}-password`}>Change password</CardTitle>
        </CardHeader>
        <CardContent>
          <form className="grid gap-2" onSubmit={changePassword}>
            <Label htmlFor={`${id}-current`}>Current password</Label>
            <Input
              id={`${id}-current`}
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
            />
            <Label htmlFor={`${id}-new`}>New password</Label>
            <Input
              id={`${id}-new`}
              name="password"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              aria-describedby={`${id}-new-hint`}
            />
            <p id={`${id}-new-hint`} className="text-sm text-muted-foreground">
              At least 10 characters.
            </p>
            <FormError error={passwordError} context="account" />
            {passwordSaved ? (
              <Alert tone="success">
                <p>Password changed. Your other sessions have ended.</p>
              </Alert>
            ) : null}
            <Button type="submit" variant="outline" className="mt-1 justify-self-start">
              Change password
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
