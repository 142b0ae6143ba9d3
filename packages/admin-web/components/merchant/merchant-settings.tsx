'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { QueryState } from '@/components/query-state';
import type { Merchant } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useOwnMerchantId, useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { CheckoutBrandingForm } from './checkout-branding-form';
import { MerchantStaffForm } from './merchant-staff-form';

const ZUrl = z.url('A full URL such as https://shop.example/ducat/return').max(500);
const ZOrigin = z
  .string()
  .regex(/^https?:\/\/[^/\s*]+$/, 'Origins look like https://shop.example (no path).');
const ZSettings = z.object({
  callbackUrl: ZUrl,
  ipnUrl: ZUrl,
  allowedOrigins: z.array(ZOrigin).max(20, 'At most 20 origins.'),
});

function SettingsForm({ merchant, editable }: { merchant: Merchant; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  const update = useMutation(
    trpc.merchant.update.mutationOptions({
      meta: success('Settings saved'),
      onSuccess: (updated) =>
        queryClient.setQueryData(trpc.merchant.get.queryKey({ merchantId: updated.id }), updated),
    }),
  );
  return (
    <form
      className="stack card"
      aria-label="Merchant settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = ZSettings.safeParse({
          callbackUrl: String(form.get('callbackUrl') ?? '').trim(),
          ipnUrl: String(form.get('ipnUrl') ?? '').trim(),
          allowedOrigins: String(form.get('allowedOrigins') ?? '')
            .split(/[\s,]+/)
            .filter(Boolean),
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        update.mutate({ merchantId: merchant.id, ...parsed.data });
      }}
    >
      <fieldset disabled={!editable}>
        <label>
          Return URL (where shoppers come back after paying)
          <input name="callbackUrl" type="url" defaultValue={merchant.callbackUrl} />
        </label>
        <label>
          IPN URL (where we post signed notifications)
          <input name="ipnUrl" type="url" defaultValue={merchant.ipnUrl} />
        </label>
        <label>
          Allowed widget origins (one per line)
          <textarea
            name="allowedOrigins"
            rows={3}
            defaultValue={merchant.allowedOrigins.join('\n')}
          />
        </label>
      </fieldset>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={update.error} />
      {update.isSuccess ? <p role="status">Saved.</p> : null}
      {editable ? (
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
      ) : (
        <p className="muted">Only the owner can change these.</p>
      )}
    </form>
  );
}

export function MerchantSettings() {
  const trpc = useTRPC();
  const me = useStaff();
  const merchantId = useOwnMerchantId();
  const query = useQuery(trpc.merchant.get.queryOptions({ merchantId }));
  return (
    <>
      <QueryState query={query}>
        {(m) => (
          <>
            <SettingsForm merchant={m} editable={can(me.role, 'merchant.update')} />
            <CheckoutBrandingForm merchant={m} editable={can(me.role, 'merchant.update')} />
          </>
        )}
      </QueryState>
      {can(me.role, 'merchant.staff.create') ? <MerchantStaffForm /> : null}
    </>
  );
}
