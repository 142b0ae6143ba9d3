'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { OrderLink } from '@/components/admin/order-link';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiInputs, ApiOutputs } from '@/lib/api-types';
import { optionalParam, ZOrderId } from '@/lib/params';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlState } from '@/lib/url-state';

type RuleSet = ApiInputs['admin']['risk']['rules']['publish']['ruleSet'];
type Decision = ApiOutputs['admin']['risk']['decisions'][number];
type Hold = ApiOutputs['admin']['risk']['holds']['list'][number];

// The server validates the rule set fully (features, reasons, duplicates); here only its shape.
const ZRuleSetShape = z
  .object({ rules: z.array(z.unknown()), lists: z.array(z.unknown()) })
  .loose();

/** The live rule set (JSON), its versions, and for admins an editor that publishes the next version. */
export function RiskRules() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const live = useQuery(trpc.admin.risk.rules.get.queryOptions());
  const versions = useQuery(trpc.admin.risk.rules.versions.queryOptions({ limit: 20 }));
  const [invalid, setInvalid] = useState<string | undefined>();
  const publish = useMutation(
    trpc.admin.risk.rules.publish.mutationOptions({
      meta: success('Rule set published'),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.risk.rules.pathKey() }),
    }),
  );
  const dryRun = useMutation(trpc.admin.risk.rules.dryRun.mutationOptions());

  /** The edited draft, if it is JSON shaped like a rule set (the server checks the rest). */
  function draftOf(form: HTMLFormElement): RuleSet | undefined {
    let json: unknown;
    try {
      json = JSON.parse(String(new FormData(form).get('ruleSet') ?? ''));
    } catch {
      setInvalid('The rule set is not valid JSON.');
      return undefined;
    }
    const shape = ZRuleSetShape.safeParse(json);
    if (!shape.success) {
      setInvalid('A rule set has "rules" and "lists" arrays.');
      return undefined;
    }
    setInvalid(undefined);
    // Checked in full by the server (validation_failed names the field).
    return shape.data as RuleSet;
  }
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules</h2>
      <QueryState query={live}>
        {(rules) => (
          <form
            className="stack"
            aria-label="Rule set"
            onSubmit={(e) => {
              e.preventDefault();
              const ruleSet = draftOf(e.currentTarget);
              if (!ruleSet) return;
              const note = String(new FormData(e.currentTarget).get('note') ?? '').trim();
              publish.mutate({ baseVersion: rules.version, ruleSet, note: note || undefined });
            }}
          >
            <p>
              Live version: <strong>{rules.version}</strong>
            </p>
            <label>
              Rule set (JSON)
              <textarea
                key={rules.version}
                name="ruleSet"
                rows={14}
                defaultValue={JSON.stringify(rules.ruleSet, null, 2)}
                readOnly={!can(me.role, 'risk.publish')}
                spellCheck={false}
              />
            </label>
            <div className="toolbar">
              <button
                type="button"
                disabled={dryRun.isPending}
                onClick={(e) => {
                  const form = e.currentTarget.form;
                  const ruleSet = form ? draftOf(form) : undefined;
                  if (ruleSet) dryRun.mutate({ ruleSet, limit: 1_000 });
                }}
              >
                {dryRun.isPending
                  ? 'Replaying recent decisions…'
                  : 'Dry run against recent decisions'}
              </button>
            </div>
            {invalid ? (
              <p role="alert" className="error">
                {invalid}
              </p>
            ) : null}
            <ApiErrorMessage error={dryRun.error} />
            {dryRun.data ? (
              <div role="status" className="card" data-testid="dry-run">
                <p>
                  Of {dryRun.data.evaluated} recent decisions,{' '}
                  <strong>{dryRun.data.changed}</strong> would change ({dryRun.data.unchanged}{' '}
                  unchanged, {dryRun.data.skipped} skipped).
                </p>
                {Object.keys(dryRun.data.transitions).length > 0 ? (
                  <ul>
                    {Object.entries(dryRun.data.transitions).map(([t, n]) => (
                      <li key={t}>
                        {t}: {n}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {dryRun.data.samples.length > 0 ? (
                  <details>
                    <summary>Examples</summary>
                    <ul>
                      {dryRun.data.samples.map((x) => (
                        <li key={x.decisionId}>
                          <code>{x.orderId}</code>: {x.from} → {x.to} ({x.reasons.join(', ') || '—'}
                          )
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </div>
            ) : null}
            {can(me.role, 'risk.publish') ? (
              <>
                <label>
                  Note
                  <input name="note" maxLength={500} />
                </label>
                <ApiErrorMessage error={publish.error} />
                {publish.isSuccess ? (
                  <p role="status">Published version {publish.data.version}.</p>
                ) : null}
                <button type="submit" className="primary" disabled={publish.isPending}>
                  {publish.isPending ? 'Publishing…' : `Publish as version ${rules.version + 1}`}
                </button>
              </>
            ) : null}
          </form>
        )}
      </QueryState>
      <QueryState
        query={versions}
        isEmpty={(v) => v.length === 0}
        empty="No version published yet."
      >
        {(list) => (
          <ul>
            {list.map((v) => (
              <li key={v.version}>
                v{v.version} · <DateTime value={v.createdAt} /> · {v.createdBy}
                {v.note ? ` · ${v.note}` : ''}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

/** Wallet payments held for review: release (pay) or void (give back). */
export function RiskHolds() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.admin.risk.holds.list.queryOptions({ status: 'held', limit: 100 }));
  const resolve = useMutation(
    trpc.admin.risk.holds.resolve.mutationOptions({
      meta: success((_d, v: { action: string }) =>
        v.action === 'release' ? 'Payment released' : 'Payment voided',
      ),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.admin.risk.holds.pathKey() }),
    }),
  );
  return (
    <section aria-labelledby="holds-heading">
      <h2 id="holds-heading">Held payments</h2>
      <ApiErrorMessage error={resolve.error} />
      <DataTable<Hold>
        caption="Payments in review"
        rows={query.data}
        rowKey={(h) => h.orderId}
        isPending={query.isPending}
        error={query.error}
        refetch={query.refetch}
        pager="holds"
        empty="No payment is held."
        columns={[
          { key: 'order', header: 'Order', render: (h) => <OrderLink orderId={h.orderId} /> },
          { key: 'merchant', header: 'Merchant', render: (h) => <code>{h.merchantId}</code> },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            render: (h) => <Money amount={h.amount} currency={h.currency} />,
          },
          { key: 'status', header: 'Status', render: (h) => <StatusBadge status={h.status} /> },
          { key: 'created', header: 'Held', render: (h) => <DateTime value={h.createdAt} /> },
          {
            key: 'actions',
            header: 'Decide',
            render: (h) =>
              can(me.role, 'risk.holds.resolve') ? (
                <div className="row-actions">
                  {(['release', 'void'] as const).map((action) => (
                    <ConfirmButton
                      key={action}
                      label={action === 'release' ? 'Release' : 'Void'}
                      title={`${action === 'release' ? 'Release' : 'Void'} the payment of ${h.orderId}?`}
                      danger={action === 'void'}
                      description={
                        <p>
                          {action === 'release'
                            ? 'The payment goes through and the merchant is notified.'
                            : 'The reservation is given back to the shopper; the order is rejected.'}
                        </p>
                      }
                      onConfirm={() => resolve.mutateAsync({ orderId: h.orderId, action })}
                    />
                  ))}
                </div>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </section>
  );
}

const ZOrderParam = optionalParam(ZOrderId);

/** Stored decisions, newest first (one order's with the filter). */
export function RiskDecisions() {
  const trpc = useTRPC();
  const { get } = useUrlState();
  const orderId = ZOrderParam.parse(get('decisionOrder'));
  const query = useQuery(trpc.admin.risk.decisions.queryOptions({ orderId, limit: 100 }));
  return (
    <section aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">Decisions</h2>
      <UrlFilterForm label="Filter decisions" fields={['decisionOrder']}>
        <label>
          Order id
          <input name="decisionOrder" defaultValue={orderId} placeholder="ord_…" />
        </label>
        <button type="submit">Filter</button>
      </UrlFilterForm>
      <DataTable<Decision>
        caption="Risk decisions (newest 100)"
        rows={query.data}
        rowKey={(d) => d.id}
        isPending={query.isPending}
        error={query.error}
        refetch={query.refetch}
        pager="decisions"
        empty="No decision yet."
        columns={[
          { key: 'when', header: 'When', render: (d) => <DateTime value={d.createdAt} /> },
          { key: 'order', header: 'Order', render: (d) => <OrderLink orderId={d.orderId} /> },
          { key: 'method', header: 'Method', render: (d) => d.method },
          {
            key: 'amount',
            header: 'Amount',
            numeric: true,
            render: (d) => <Money amount={d.amount} currency={d.currency} />,
          },
          {
            key: 'decision',
            header: 'Decision',
            render: (d) => <StatusBadge status={d.decision} />,
          },
          { key: 'reasons', header: 'Reasons', render: (d) => d.reasons.join(', ') || '—' },
          {
            key: 'version',
            header: 'Rules',
            render: (d) => `v${d.ruleVersion}${d.fallback ? ' (default policy)' : ''}`,
          },
        ]}
      />
    </section>
  );
}
