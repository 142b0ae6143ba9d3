'use client';

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  PageHeader,
  PageTitle,
} from '@ducat/ui';
import { parseMoney, toDecimalText } from '@ducat/web-kit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DateTime } from '@/components/date-time';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { ApiInputs, ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

type Difference = ApiOutputs['admin']['recon']['differences']['get'];
type Resolution = ApiInputs['admin']['recon']['differences']['resolve']['resolution'];

const ZExplained = z.object({
  action: z.literal('explained'),
  note: z.string().trim().min(3, 'Explain in a few words (3+ characters).').max(1000),
});
const ZAdjustment = z.object({
  action: z.literal('adjustment'),
  account: z.enum(['merchant', 'provider_clearing']),
  direction: z.enum(['credit', 'debit']),
  amount: z
    .number({ message: 'Enter an amount.' })
    .int()
    .positive('The amount must be above zero.'),
  reason: z.string().trim().min(3, 'Give a reason (3+ characters).').max(1000),
  provider: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'A provider name such as sandbox.')
    .optional(),
  mode: z.enum(['test', 'live']).optional(),
});

function Views({ d }: { d: Difference }) {
  const views = [
    ['Our record', d.details.record],
    ['Ledger', d.details.ledger],
    ['Provider', d.details.provider],
  ] as const;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard (axe scrollable-region-focusable)
    <div className="table-wrap" tabIndex={0}>
      <table>
        <caption>What each source says</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Entries
            </th>
          </tr>
        </thead>
        <tbody>
          {views.map(([label, view]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">
                {view ? <Money amount={view.amount} currency={view.currency} /> : '—'}
              </td>
              <td>{view?.status ?? 'nothing'}</td>
              <td className="num">{view?.count ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ResolveForm({ d, onDone }: { d: Difference; onDone: () => void }) {
  const trpc = useTRPC();
  const [action, setAction] = useState<'adjustment' | 'explained'>('adjustment');
  const [account, setAccount] = useState<'merchant' | 'provider_clearing'>(
    d.merchantId ? 'merchant' : 'provider_clearing',
  );
  const [invalid, setInvalid] = useState<string | undefined>();
  const [pending, setPending] = useState<Resolution | undefined>();
  const resolve = useMutation(
    trpc.admin.recon.differences.resolve.mutationOptions({
      meta: success('Difference resolved'),
      onSuccess: onDone,
    }),
  );

  function read(form: FormData): Resolution | undefined {
    const parsed =
      action === 'explained'
        ? ZExplained.safeParse({ action, note: form.get('note') })
        : ZAdjustment.safeParse({
            action,
            account,
            direction: form.get('direction'),
            amount: parseMoney(String(form.get('amount') ?? ''), d.currency),
            reason: form.get('reason'),
            provider:
              account === 'provider_clearing'
                ? String(form.get('provider') ?? '') || undefined
                : undefined,
            mode: d.mode ? undefined : String(form.get('mode') ?? '') || undefined,
          });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message);
      return undefined;
    }
    setInvalid(undefined);
    return parsed.data;
  }

  return (
    <form
      className="stack card"
      aria-label="Resolve the difference"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setPending(read(new FormData(e.currentTarget)));
      }}
    >
      <h2>Resolve</h2>
      <fieldset>
        <legend>How</legend>
        <label className="check">
          <span>
            <input
              type="radio"
              name="action"
              value="adjustment"
              checked={action === 'adjustment'}
              onChange={() => setAction('adjustment')}
            />{' '}
            Adjustment (a ledger transfer through suspense)
          </span>
        </label>
        <label className="check">
          <span>
            <input
              type="radio"
              name="action"
              value="explained"
              checked={action === 'explained'}
              onChange={() => setAction('explained')}
            />{' '}
            Explained (no money moves)
          </span>
        </label>
      </fieldset>
      {action === 'explained' ? (
        <label>
          Explanation
          <textarea name="note" rows={3} maxLength={1000} />
        </label>
      ) : (
        <>
          <label>
            Account
            <select
              name="account"
              value={account}
              onChange={(e) =>
                setAccount(e.currentTarget.value === 'merchant' ? 'merchant' : 'provider_clearing')
              }
            >
              {d.merchantId ? <option value="merchant">Merchant balance</option> : null}
              <option value="provider_clearing">Provider clearing</option>
            </select>
          </label>
          {account === 'provider_clearing' ? (
            <label>
              Provider
              <input name="provider" defaultValue="sandbox" />
            </label>
          ) : null}
          {d.mode ? null : (
            <label>
              Mode
              <select name="mode" defaultValue="test">
                <option value="test">Test</option>
                <option value="live">Live</option>
              </select>
            </label>
          )}
          <label>
            Direction
            <select name="direction" defaultValue="credit">
              <option value="credit">Credit the account (suspense → account)</option>
              <option value="debit">Debit the account (account → suspense)</option>
            </select>
          </label>
          <label>
            Amount ({d.currency})
            <input
              name="amount"
              inputMode="decimal"
              defaultValue={d.delta !== 0 ? toDecimalText(Math.abs(d.delta), d.currency) : ''}
            />
          </label>
          <label>
            Reason
            <textarea name="reason" rows={2} maxLength={1000} />
          </label>
        </>
      )}
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={resolve.error} />
      <button type="submit" className="primary" disabled={resolve.isPending}>
        {resolve.isPending ? 'Resolving…' : 'Review and resolve'}
      </button>
      <AlertDialog
        open={pending !== undefined}
        onOpenChange={(open) => {
          if (!open) setPending(undefined);
        }}
      >
        <AlertDialogContent>
          <AlertDialogTitle>Resolve {d.id}?</AlertDialogTitle>
          <AlertDialogDescription>
            {pending?.action === 'adjustment' ? (
              <>
                {pending.direction === 'credit' ? 'Credit' : 'Debit'}{' '}
                <Money amount={pending.amount} currency={d.currency} /> on the{' '}
                {pending.account === 'merchant' ? 'merchant balance' : 'provider clearing account'}{' '}
                through suspense. The transfer is final.
              </>
            ) : (
              'Mark it explained; no money moves.'
            )}
          </AlertDialogDescription>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant={pending?.action === 'adjustment' ? 'destructive' : 'primary'}
              onClick={() => {
                const resolution = pending;
                setPending(undefined);
                if (resolution) resolve.mutate({ differenceId: d.id, resolution });
              }}
            >
              Confirm resolution
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </form>
  );
}

/** One difference: the three views, its comments, and (for finance) assign, comment, resolve, reopen. */
export function DifferenceDetail({ differenceId }: { differenceId: string }) {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.admin.recon.differences.get.queryOptions({ differenceId }));
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.admin.recon.differences.pathKey() });
  const assign = useMutation(
    trpc.admin.recon.differences.assign.mutationOptions({
      meta: success('Assignment saved'),
      onSuccess: refresh,
    }),
  );
  const comment = useMutation(
    trpc.admin.recon.differences.comment.mutationOptions({
      meta: success('Comment added'),
      onSuccess: refresh,
    }),
  );
  const reopen = useMutation(
    trpc.admin.recon.differences.reopen.mutationOptions({
      meta: success('Difference reopened'),
      onSuccess: refresh,
    }),
  );
  const mayAct = can(me.role, 'recon.act');
  return (
    <QueryState query={query}>
      {(d) => (
        <>
          <p>
            <Link href="/admin/reconciliation">← Reconciliation</Link>
          </p>
          <PageHeader>
            <PageTitle>
              {d.category.replaceAll('_', ' ')} <StatusBadge status={d.status} />
            </PageTitle>
          </PageHeader>
          <dl className="facts">
            <dt>Difference</dt>
            <dd>
              <code>{d.id}</code>
            </dd>
            <dt>Subject</dt>
            <dd>
              {d.kind} <code>{d.subjectId}</code>
            </dd>
            <dt>Merchant</dt>
            <dd>
              {d.merchantId ? (
                <Link href={`/admin/merchants/${d.merchantId}`}>
                  {d.merchantName ?? d.merchantId}
                </Link>
              ) : (
                '—'
              )}
            </dd>
            <dt>Mode</dt>
            <dd>{d.mode ?? '—'}</dd>
            <dt>Delta</dt>
            <dd>
              <Money amount={d.delta} currency={d.currency} />
            </dd>
            <dt>Assignee</dt>
            <dd>{d.assigneeId === me.id ? 'you' : (d.assigneeName ?? d.assigneeId ?? 'nobody')}</dd>
            <dt>Resolution</dt>
            <dd data-testid="resolution">
              {d.resolution
                ? `${d.resolution}${d.resolutionNote ? `: ${d.resolutionNote}` : ''}`
                : '—'}
              {d.adjustmentTransferId ? (
                <>
                  {' '}
                  (transfer <code>{d.adjustmentTransferId}</code>)
                </>
              ) : null}
            </dd>
            <dt>Found</dt>
            <dd>
              <DateTime value={d.createdAt} />
            </dd>
          </dl>
          <Views d={d} />
          <ApiErrorMessage error={assign.error ?? comment.error ?? reopen.error} />
          {mayAct ? (
            <div className="toolbar">
              {d.assigneeId === me.id ? (
                <button
                  type="button"
                  onClick={() => assign.mutate({ differenceId: d.id, assigneeId: null })}
                >
                  Unassign me
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() => assign.mutate({ differenceId: d.id, assigneeId: me.id })}
                >
                  Assign to me
                </button>
              )}
              {d.status === 'resolved' ? (
                <ConfirmButton
                  label="Reopen"
                  title="Reopen this difference?"
                  description={
                    <p>It goes back to the open queue; a later adjustment moves money again.</p>
                  }
                  onConfirm={(form) =>
                    reopen.mutateAsync({
                      differenceId: d.id,
                      reason: String(form.get('reason') ?? '').trim() || 'reopened',
                    })
                  }
                >
                  <label>
                    Reason
                    <input name="reason" minLength={3} maxLength={1000} required />
                  </label>
                </ConfirmButton>
              ) : null}
            </div>
          ) : null}
          <section aria-labelledby="comments-heading">
            <h2 id="comments-heading">Comments</h2>
            {d.comments.length === 0 ? <p className="empty">No comment yet.</p> : null}
            <ul>
              {d.comments.map((c) => (
                <li key={c.id}>
                  <DateTime value={c.createdAt} /> · {c.authorId}: {c.body}
                </li>
              ))}
            </ul>
            {mayAct ? (
              <form
                className="inline-form"
                aria-label="Add a comment"
                onSubmit={(e) => {
                  e.preventDefault();
                  const formEl = e.currentTarget;
                  const body = String(new FormData(formEl).get('body') ?? '').trim();
                  if (!body) return;
                  comment.mutate(
                    { differenceId: d.id, body: body.slice(0, 2000) },
                    { onSuccess: () => formEl.reset() },
                  );
                }}
              >
                <label>
                  Comment
                  <input name="body" maxLength={2000} required />
                </label>
                <button type="submit" disabled={comment.isPending}>
                  Add comment
                </button>
              </form>
            ) : null}
          </section>
          {mayAct && d.status === 'open' ? (
            <ResolveForm d={d} onDone={() => void refresh()} />
          ) : null}
        </>
      )}
    </QueryState>
  );
}
