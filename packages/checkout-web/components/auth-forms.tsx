'use client';

import {
  Button,
  Form,
  FormControl,
  FormDescription,
  FormFieldScope,
  FormItem,
  FormLabel,
  FormMessage,
  Input,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
  useZodForm,
} from '@ducat/ui';
import { useId } from 'react';
import { ZSignIn, ZSignUp } from '@/lib/account-schemas';
import { useApi } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { FormError } from './form-error';

type TitleLevel = 2 | 3;

function Title({ level, id, children }: { level: TitleLevel; id: string; children: string }) {
  const Tag = level === 2 ? 'h2' : 'h3';
  return (
    <Tag id={id} className="text-base font-semibold">
      {children}
    </Tag>
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
  titleLevel?: TitleLevel;
  /**
   * Inside the widget's frame on a merchant's site: the API then sets a partitioned
   * SameSite=None session cookie, the only kind a browser keeps in a third-party frame.
   */
  embedded?: boolean;
}) {
  const { client, setCsrfToken } = useApi();
  const { busy, error, run } = useAction();
  const id = useId();
  // No default values: the inputs are uncontrolled, so what was typed before hydration stays.
  const form = useZodForm(ZSignIn);

  async function submit(values: { email: string; password: string }) {
    const session = await run(() =>
      client.account.logIn.mutate({ ...values, ...(embedded ? { embedded } : {}) }),
    );
    if (!session) return;
    setCsrfToken(session.csrfToken);
    onSignedIn();
  }

  return (
    <Form form={form} onSubmit={submit} aria-labelledby={`${id}-title`} className="gap-3">
      <Title level={titleLevel} id={`${id}-title`}>
        Sign in
      </Title>
      <FormFieldScope name="email">
        <FormItem>
          <FormLabel>Email</FormLabel>
          <FormControl>
            <Input type="email" autoComplete="email" {...form.register('email')} />
          </FormControl>
          <FormMessage />
        </FormItem>
      </FormFieldScope>
      <FormFieldScope name="password">
        <FormItem>
          <FormLabel>Password</FormLabel>
          <FormControl>
            <Input type="password" autoComplete="current-password" {...form.register('password')} />
          </FormControl>
          <FormMessage />
        </FormItem>
      </FormFieldScope>
      <FormError error={error} context="account" />
      <Button type="submit" block size="lg" disabled={busy} aria-busy={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </Form>
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
  titleLevel?: TitleLevel;
  /** As for SignInForm: the sign-in that follows the sign-up happens in the widget's frame. */
  embedded?: boolean;
}) {
  const { client, setCsrfToken } = useApi();
  const { busy, error, setError, run } = useAction();
  const id = useId();
  const form = useZodForm(ZSignUp);

  async function submit({
    email,
    password,
    name,
  }: {
    email: string;
    password: string;
    name: string;
  }) {
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
    <Form form={form} onSubmit={submit} aria-labelledby={`${id}-title`} className="gap-3">
      <Title level={titleLevel} id={`${id}-title`}>
        Create an account
      </Title>
      <FormFieldScope name="name">
        <FormItem>
          <FormLabel>Name (optional)</FormLabel>
          <FormControl>
            <Input type="text" autoComplete="name" maxLength={200} {...form.register('name')} />
          </FormControl>
          <FormMessage />
        </FormItem>
      </FormFieldScope>
      <FormFieldScope name="email">
        <FormItem>
          <FormLabel>Email</FormLabel>
          <FormControl>
            <Input type="email" autoComplete="email" {...form.register('email')} />
          </FormControl>
          <FormMessage />
        </FormItem>
      </FormFieldScope>
      <FormFieldScope name="password">
        <FormItem>
          <FormLabel>Password</FormLabel>
          <FormControl>
            <Input type="password" autoComplete="new-password" {...form.register('password')} />
          </FormControl>
          <FormDescription>At least 10 characters.</FormDescription>
          <FormMessage />
        </FormItem>
      </FormFieldScope>
      <FormError error={error} context="account" />
      <Button type="submit" block size="lg" disabled={busy} aria-busy={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </Button>
    </Form>
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
  return (
    <Tabs defaultValue={initial} className="gap-3">
      <TabsList aria-label="Account" className="bg-transparent p-0">
        <TabsTrigger
          value="signin"
          className="border border-border data-[state=active]:border-primary"
        >
          I have an account
        </TabsTrigger>
        <TabsTrigger
          value="signup"
          className="border border-border data-[state=active]:border-primary"
        >
          I am new here
        </TabsTrigger>
      </TabsList>
      <TabsContent value="signin">
        <SignInForm onSignedIn={onDone} titleLevel={2} embedded={embedded} />
      </TabsContent>
      <TabsContent value="signup">
        <SignUpForm onSignedUp={onDone} titleLevel={2} embedded={embedded} />
      </TabsContent>
    </Tabs>
  );
}
