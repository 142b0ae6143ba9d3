'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { useTRPC } from '@/lib/trpc';

const ZUrl = z.url('A full URL such as https://shop.example').max(500);
const ZApplication = z.object({
  businessName: z.string().trim().min(2, 'The business name needs 2+ characters.').max(200),
  website: ZUrl,
  contactEmail: z.email('A contact email address.'),
  callbackUrl: ZUrl,
  ipnUrl: ZUrl,
  allowedOrigins: z.array(z.string()).max(20),
  owner: z.object({
    email: z.email('Your sign-in email address.'),
    password: z.string().min(10, 'The password needs at least 10 characters.').max(200),
    name: z.string().trim().max(200).optional(),
  }),
});

const FIELDS = [
  ['businessName', 'Business name', 'text'],
  ['website', 'Website', 'url'],
  ['contactEmail', 'Contact email', 'email'],
  ['callbackUrl', 'Return URL (shoppers come back here)', 'url'],
  ['ipnUrl', 'IPN URL (we post signed notifications here)', 'url'],
] as const;

/** The onboarding application: creates the pending merchant and its owner's sign-in. */
export function SignupForm() {
  const trpc = useTRPC();
  const [invalid, setInvalid] = useState<string | undefined>();
  const apply = useMutation(trpc.merchant.submitApplication.mutationOptions());
  if (apply.isSuccess) {
    return (
      <div role="status" className="card">
        <h2>Application received</h2>
        <p>
          Your merchant id is <code data-testid="merchant-id">{apply.data.merchantId}</code>. Its
          status is <strong>pending</strong> until a Ducat admin approves it.
        </p>
        <p>
          <Link href="/login">Sign in</Link> to follow it and create your keys.
        </p>
      </div>
    );
  }
  return (
    <form
      className="stack"
      aria-label="Merchant application"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? '').trim();
        const parsed = ZApplication.safeParse({
          businessName: text('businessName'),
          website: text('website'),
          contactEmail: text('contactEmail'),
          callbackUrl: text('callbackUrl'),
          ipnUrl: text('ipnUrl'),
          allowedOrigins: [],
          owner: {
            email: text('ownerEmail'),
            password: String(form.get('ownerPassword') ?? ''),
            name: text('ownerName') || undefined,
          },
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        apply.mutate(parsed.data);
      }}
    >
      {FIELDS.map(([name, label, type]) => (
        <label key={name}>
          {label}
          <input name={name} type={type} required />
        </label>
      ))}
      <fieldset className="stack">
        <legend>Your sign-in (the account owner)</legend>
        <label>
          Your name
          <input name="ownerName" autoComplete="name" />
        </label>
        <label>
          Your email
          <input name="ownerEmail" type="email" autoComplete="username" required />
        </label>
        <label>
          Password (10+ characters)
          <input name="ownerPassword" type="password" autoComplete="new-password" required />
        </label>
      </fieldset>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={apply.error} />
      <button type="submit" className="primary" disabled={apply.isPending}>
        {apply.isPending ? 'Sending…' : 'Submit application'}
      </button>
    </form>
  );
}
