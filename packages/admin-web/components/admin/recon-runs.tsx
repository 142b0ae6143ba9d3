'use client';

import { ShortId } from '@ducat/ui';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { DataTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { dayFromToday, endOfDay, startOfDay } from '@/lib/params';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

type Run = ApiOutputs['admin']['recon']['runs']['list'][number];

const ZRunForm = z
  .object({
    from: z.iso.date('Pick the first day.'),
    to: z.iso.date('Pick the last day.'),
    merchantId: z
      .string()
      .trim()
      .regex(/^(mch_[1-9A-Za-z]{22})?$/, 'A merchant id (mch_…), or empty for the whole platform.'),
  })
  .refine((r) => r.from <= r.to, { message: 'The first day must not be after the last.' });

/** A run's progress, polled until it finishes (long actions show progress). */
function RunProgress({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.admin.recon.runs.get.queryOptions({ runId }),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1_000 : false),
  });
  const run = query.data;
  if (!run) return <ApiErrorMessage error={query.error} />;
  const total = Math.max(run.totalLines, 1);
  return (
    <div role="status" aria-live="polite" className="card">
      Run <code>{run.id}</code>: <StatusBadge status={run.status} /> {run.phase}{' '}
      <progress max={total} value={run.processedLines} aria-label="Run progress" />{' '}
      {run.processedLines}/{run.totalLines} lines
      {run.status !== 'running' ? (
        <span>
          {' '}
          ·{' '}
          {Object.entries(run.counts)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ') || 'no lines'}{' '}
          · ledger {run.ledgerOk === null ? '—' : run.ledgerOk ? 'balanced' : 'NOT balanced'}
        </span>
      ) : null}
      {run.error ? <p className="error">{run.error}</p> : null}
      {run.ledgerReport ? (
        <details>
          <summary>Ledger report of this run</summary>
          <pre>{JSON.stringify(run.ledgerReport, null, 2)}</pre>
        </details>
      ) : null}
    </div>
  );
}

export function ReconRuns() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  const [watching, setWatching] = useState<string | undefined>();
  const query = useQuery({
    ...trpc.admin.recon.runs.list.queryOptions({ limit: 20 }),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'running') ? 2_000 : false),
  });
  const start = useMutation(
    trpc.admin.recon.runs.start.mutationOptions({
      meta: success('Reconciliation run started'),
      onSuccess: (result) => {
        setWatching(result.run.id);
        void queryClient.invalidateQueries({ queryKey: trpc.admin.recon.pathKey() });
      },
    }),
  );
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      {can(me.role, 'recon.act') ? (
        <form
          className="inline-form"
          aria-label="Start a run"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            const parsed = ZRunForm.safeParse({
              from: form.get('from'),
              to: form.get('to'),
              merchantId: form.get('merchantId') ?? '',
            });
            if (!parsed.success) {
              setInvalid(parsed.error.issues[0]?.message);
              return;
            }
            setInvalid(undefined);
            start.mutate({
              from: startOfDay(parsed.data.from),
              to: endOfDay(parsed.data.to),
              merchantId: parsed.data.merchantId || undefined,
            });
          }}
        >
          <label>
            First day (UTC)
            <input name="from" type="date" defaultValue={dayFromToday(0)} required />
          </label>
          <label>
            Last day (UTC)
            <input name="to" type="date" defaultValue={dayFromToday(0)} required />
          </label>
          <label>
            Merchant (optional)
            <input name="merchantId" placeholder="mch_…" />
          </label>
          <button type="submit" className="primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start run'}
          </button>
          {invalid ? (
            <p role="alert" className="error">
              {invalid}
            </p>
          ) : null}
          <ApiErrorMessage error={start.error} />
        </form>
      ) : null}
      {watching ? <RunProgress runId={watching} /> : null}
      <DataTable<Run>
        caption="Latest runs"
        rows={query.data}
        rowKey={(r) => r.id}
        isPending={query.isPending}
        error={query.error}
        refetch={query.refetch}
        pager="runs"
        empty="No run yet."
        columns={[
          {
            key: 'id',
            header: 'Run',
            render: (r) => (
              <button
                type="button"
                className="link"
                aria-pressed={watching === r.id}
                title="Show this run's progress and report"
                onClick={() => setWatching(r.id)}
              >
                <ShortId value={r.id} />
              </button>
            ),
          },
          {
            key: 'period',
            header: 'Period',
            render: (r) => `${r.from.slice(0, 10)} → ${r.to.slice(0, 10)}`,
          },
          { key: 'scope', header: 'Scope', render: (r) => r.merchantId ?? 'platform' },
          { key: 'status', header: 'Status', render: (r) => <StatusBadge status={r.status} /> },
          {
            key: 'progress',
            header: 'Lines',
            numeric: true,
            render: (r) => `${r.processedLines}/${r.totalLines}`,
          },
          {
            key: 'counts',
            header: 'Result',
            render: (r) =>
              Object.entries(r.counts)
                .map(([k, v]) => `${k}: ${v}`)
                .join(', ') || '—',
          },
          {
            key: 'ledger',
            header: 'Ledger',
            render: (r) => (r.ledgerOk === null ? '—' : r.ledgerOk ? 'balanced' : 'NOT balanced'),
          },
          { key: 'started', header: 'Started', render: (r) => <DateTime value={r.startedAt} /> },
        ]}
      />
    </section>
  );
}
