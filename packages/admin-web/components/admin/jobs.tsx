'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

type Job = ApiOutputs['admin']['jobs']['list'][number];

/** 1_000 -> "1 s", 3_600_000 -> "1 h": intervals and durations at a glance. */
export function formatMs(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size) {
      const value = ms / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${ms} ms`;
}

/** Every background job: interval, last run (when, how long, how it ended, who asked), run now. */
export function Jobs() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...trpc.admin.jobs.list.queryOptions(),
    // While a run is going (or was just asked for), follow it to its end.
    refetchInterval: (q) => (q.state.data?.some((j) => j.running) ? 1_000 : 10_000),
  });
  const run = useMutation(
    trpc.admin.jobs.run.mutationOptions({
      meta: success((_d, v: { name: string }) => `${v.name} ran`),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.jobs.pathKey() }),
    }),
  );
  const mayRun = can(me.role, 'jobs.run');
  return (
    <>
      <ApiErrorMessage error={run.error} />
      {run.isSuccess ? (
        <p role="status">{run.data.name} started; its run shows below when it ends.</p>
      ) : null}
      <DataTable<Job>
        caption="Background jobs"
        rows={query.data}
        rowKey={(j) => j.name}
        isPending={query.isPending}
        error={query.error}
        refetch={query.refetch}
        empty="No background jobs in this process."
        columns={[
          { key: 'name', header: 'Job', render: (j) => <code className="nowrap">{j.name}</code> },
          {
            key: 'every',
            header: 'Every',
            render: (j) => (
              <span className="nowrap">
                {j.everyMs === null ? 'on request' : formatMs(j.everyMs)}
              </span>
            ),
          },
          {
            key: 'last',
            header: 'Last run',
            render: (j) =>
              j.running ? (
                <>
                  <StatusBadge status="running" /> since <DateTime value={j.running.startedAt} />
                </>
              ) : j.lastRun ? (
                <DateTime value={j.lastRun.startedAt} />
              ) : (
                'never'
              ),
          },
          {
            key: 'duration',
            header: 'Duration',
            numeric: true,
            render: (j) => (j.lastRun ? formatMs(j.lastRun.durationMs) : '—'),
          },
          {
            key: 'outcome',
            header: 'Outcome',
            render: (j) =>
              j.lastRun ? (
                <>
                  <StatusBadge status={j.lastRun.outcome} />{' '}
                  <span className="muted">
                    {j.lastRun.error ??
                      (j.lastRun.result === null ? '' : `result: ${j.lastRun.result}`)}
                    {j.lastRun.trigger === 'manual' ? ` (asked by ${j.lastRun.by ?? '?'})` : ''}
                  </span>
                </>
              ) : (
                '—'
              ),
          },
          ...(mayRun
            ? [
                {
                  key: 'run',
                  header: 'Run',
                  render: (j: Job) => (
                    <div className="nowrap">
                      <ConfirmButton
                        label="Run now"
                        title={`Run ${j.name} now?`}
                        danger={false}
                        confirmLabel="Run now"
                        disabled={j.running !== null}
                        description={
                          <p>
                            It runs once more, right away, in the server that answers (after a run
                            already going there). The request is recorded in the audit log.
                          </p>
                        }
                        onConfirm={() => run.mutateAsync({ name: j.name })}
                      />
                    </div>
                  ),
                },
              ]
            : []),
        ]}
      />
    </>
  );
}
