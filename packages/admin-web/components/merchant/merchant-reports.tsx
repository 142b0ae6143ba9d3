'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { useMode } from '@/lib/mode';
import { dayFromToday, daysBetween, endOfDay, startOfDay } from '@/lib/params';
import { useOwnMerchantId } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';

const ZPeriod = z
  .object({ from: z.iso.date('Pick the first day.'), to: z.iso.date('Pick the last day.') })
  .refine((p) => p.from <= p.to, { message: 'The first day must not be after the last.' })
  .refine((p) => daysBetween(p.from, p.to) < 31, {
    message: 'At most 31 days.',
  });

function download(name: string, contentType: string, body: string) {
  const url = URL.createObjectURL(new Blob([body], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/** Downloads the signed report of a period as JSON or CSV (its signature shown to verify). */
export function MerchantReports() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const merchantId = useOwnMerchantId();
  const mode = useMode();
  const [invalid, setInvalid] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [signature, setSignature] = useState<string | undefined>();
  return (
    <form
      className="stack card"
      aria-label="Download a report"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = ZPeriod.safeParse({ from: form.get('from'), to: form.get('to') });
        const format = form.get('format') === 'csv' ? 'csv' : 'json';
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        setError(undefined);
        setBusy(true);
        try {
          const report = await queryClient.fetchQuery(
            trpc.merchant.reports.get.queryOptions({
              merchantId,
              mode,
              format,
              from: startOfDay(parsed.data.from),
              to: endOfDay(parsed.data.to),
            }),
          );
          setSignature(report.signature);
          download(
            `ducat-report-${mode}-${parsed.data.from}-${parsed.data.to}.${format}`,
            report.contentType,
            report.body,
          );
        } catch (caught) {
          setError(caught);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        First day (UTC)
        <input name="from" type="date" defaultValue={dayFromToday(-7)} required />
      </label>
      <label>
        Last day (UTC)
        <input name="to" type="date" defaultValue={dayFromToday(0)} required />
      </label>
      <fieldset>
        <legend>Format</legend>
        <label className="check">
          <span>
            <input type="radio" name="format" value="json" defaultChecked /> JSON
          </span>
        </label>
        <label className="check">
          <span>
            <input type="radio" name="format" value="csv" /> CSV
          </span>
        </label>
      </fieldset>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={error} />
      {signature ? (
        <p role="status">
          Downloaded. Signature (<code>Ducat-Signature</code>): <code>{signature}</code>
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Preparing…' : 'Download'}
      </button>
    </form>
  );
}
