'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import type { Merchant } from '@/lib/api-types';
import { success, useTRPC } from '@/lib/trpc';

/** The API's own rules (ZCheckoutSettings), checked here first so the error sits by the form. */
const ZOptionalUrl = z.union([
  z.literal(''),
  z.url('A full URL such as https://shop.example/terms').max(500),
]);
const ZBranding = z.object({
  displayName: z.string().trim().max(100, 'At most 100 characters.'),
  brandColor: z.union([
    z.literal(''),
    z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour such as #1f4fd1.'),
  ]),
  supportEmail: z.union([z.literal(''), z.email('An email address such as help@shop.example.')]),
  supportUrl: ZOptionalUrl,
  termsUrl: ZOptionalUrl,
  privacyUrl: ZOptionalUrl,
  maxFailedAttempts: z.coerce
    .number()
    .int('A whole number.')
    .min(1, 'At least 1.')
    .max(20, 'At most 20.'),
});
const MAX_LOGO_BYTES = 256 * 1024;

/**
 * What shoppers see of the merchant on the hosted checkout: display name, logo, brand colour,
 * support and legal links, and how many failed payment attempts an order may take.
 */
export function CheckoutBrandingForm({
  merchant,
  editable,
}: {
  merchant: Merchant;
  editable: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  const onSuccess = (updated: Merchant) =>
    queryClient.setQueryData(trpc.merchant.get.queryKey({ merchantId: updated.id }), updated);
  const update = useMutation(
    trpc.merchant.update.mutationOptions({ meta: success('Checkout branding saved'), onSuccess }),
  );
  const upload = useMutation(
    trpc.merchant.uploadLogo.mutationOptions({ meta: success('Logo uploaded'), onSuccess }),
  );
  const empty = (v: string) => (v === '' ? null : v);

  return (
    <form
      className="stack card"
      aria-label="Checkout branding"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const text = (name: string) => String(form.get(name) ?? '').trim();
        const parsed = ZBranding.safeParse({
          displayName: text('displayName'),
          brandColor: text('brandColor'),
          supportEmail: text('supportEmail'),
          supportUrl: text('supportUrl'),
          termsUrl: text('termsUrl'),
          privacyUrl: text('privacyUrl'),
          maxFailedAttempts: text('maxFailedAttempts'),
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        const v = parsed.data;
        update.mutate({
          merchantId: merchant.id,
          displayName: empty(v.displayName),
          brandColor: empty(v.brandColor),
          supportEmail: empty(v.supportEmail),
          supportUrl: empty(v.supportUrl),
          termsUrl: empty(v.termsUrl),
          privacyUrl: empty(v.privacyUrl),
          maxFailedAttempts: v.maxFailedAttempts,
        });
      }}
    >
      <h2>Checkout</h2>
      <fieldset disabled={!editable}>
        <label>
          Display name (shown to shoppers; your business name otherwise)
          <input name="displayName" defaultValue={merchant.displayName ?? ''} maxLength={100} />
        </label>
        <label>
          Brand colour (#rrggbb; used for the pay button when it is readable)
          <input name="brandColor" defaultValue={merchant.brandColor ?? ''} placeholder="#1f4fd1" />
        </label>
        <label>
          Support email
          <input name="supportEmail" type="email" defaultValue={merchant.supportEmail ?? ''} />
        </label>
        <label>
          Support page URL
          <input name="supportUrl" type="url" defaultValue={merchant.supportUrl ?? ''} />
        </label>
        <label>
          Terms URL
          <input name="termsUrl" type="url" defaultValue={merchant.termsUrl ?? ''} />
        </label>
        <label>
          Privacy policy URL
          <input name="privacyUrl" type="url" defaultValue={merchant.privacyUrl ?? ''} />
        </label>
        <label>
          Failed payment attempts before an order closes (1-20)
          <input
            name="maxFailedAttempts"
            type="number"
            min={1}
            max={20}
            defaultValue={merchant.maxFailedAttempts}
          />
        </label>
        <label>
          Logo (PNG, JPEG or WebP, at most 256 KB)
          <input
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              if (file.size > MAX_LOGO_BYTES) {
                setInvalid('The logo must be at most 256 KB.');
                return;
              }
              setInvalid(undefined);
              const bytes = new Uint8Array(await file.arrayBuffer());
              let binary = '';
              for (const b of bytes) binary += String.fromCharCode(b);
              upload.mutate({ merchantId: merchant.id, contentBase64: btoa(binary) });
            }}
          />
        </label>
        {merchant.logoId ? (
          // biome-ignore lint/performance/noImgElement: the platform's own small logo file
          <img src={`/logos/${merchant.logoId}`} alt="Current logo" width={64} height={64} />
        ) : null}
      </fieldset>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={update.error ?? upload.error} />
      {update.isSuccess || upload.isSuccess ? <p role="status">Saved.</p> : null}
      {editable ? (
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save checkout settings'}
        </button>
      ) : null}
    </form>
  );
}
