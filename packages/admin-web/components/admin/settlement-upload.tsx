'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

const ZUpload = z.object({
  provider: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'A provider name such as sandbox (lower case).'),
  csv: z.string().min(1, 'Choose a CSV file or paste its content.').max(900_000, 'At most 900 kB.'),
});

/** Imports a provider's settlement report (CSV), all or nothing. */
export function SettlementUpload() {
  const trpc = useTRPC();
  const me = useStaff();
  const [invalid, setInvalid] = useState<string | undefined>();
  const upload = useMutation(
    trpc.admin.recon.settlements.upload.mutationOptions({
      meta: success('Settlement file uploaded'),
    }),
  );
  if (!can(me.role, 'recon.act')) return null;
  return (
    <section aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload a settlement file</h2>
      <p className="muted">
        CSV with the header <code>provider_ref,reference,type,amount,currency,fee,settled_at</code>,
        amounts in minor units. A bad line refuses the whole file.
      </p>
      <form
        className="stack card"
        aria-label="Upload a settlement file"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const file = form.get('file');
          const pasted = String(form.get('csv') ?? '');
          const csv = file instanceof File && file.size > 0 ? await file.text() : pasted;
          const parsed = ZUpload.safeParse({ provider: form.get('provider'), csv });
          if (!parsed.success) {
            setInvalid(parsed.error.issues[0]?.message);
            return;
          }
          setInvalid(undefined);
          upload.mutate(parsed.data);
        }}
      >
        <label>
          Provider
          <input name="provider" defaultValue="sandbox" required />
        </label>
        <label>
          CSV file
          <input name="file" type="file" accept=".csv,text/csv" />
        </label>
        <label>
          …or paste the CSV
          <textarea name="csv" rows={4} />
        </label>
        {invalid ? (
          <p role="alert" className="error">
            {invalid}
          </p>
        ) : null}
        <ApiErrorMessage error={upload.error} />
        {upload.isSuccess ? (
          <p role="status">
            Imported {upload.data.inserted} new of {upload.data.lines} lines (batch{' '}
            {upload.data.batchId}).
          </p>
        ) : null}
        <button type="submit" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </button>
      </form>
    </section>
  );
}
