'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { OrderLink } from '@/components/admin/order-link';
import { RuleSetEditor } from '@/components/admin/risk-rule-editor';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { DataTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { Money } from '@/components/money';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import { UrlFilterForm } from '@/components/url-filter-form';
import type { ApiOutputs } from '@/lib/api-types';
import { optionalParam, ZOrderId } from '@/lib/params';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { useUrlState } from '@/lib/url-state';

type Hold = ApiOutputs['admin']['risk']['holds']['list'][number];
type Decision = ApiOutputs['admin']['risk']['decisions'][number];

/** The live rule set in a form (read-only without `risk.publish`), and its published versions. */
export function RiskRules() {
  const trpc = useTRPC();
  const me = useStaff();
  const live = useQuery(trpc.admin.risk.rules.get.queryOptions());
  const versions = useQuery(trpc.admin.risk.rules.versions.queryOptions({ limit: 20 }));
  return (
    <section aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules</h2>
      <QueryState query={live}>
        {(rules) =>
          can(me.role, 'risk.publish') ? (
            <RuleSetEditor latest={rules} mayPublish />
          ) : (
            // Nothing to lose for a reader: the form follows each newly published version.
            <RuleSetEditor key={rules.version} latest={rules} mayPublish={false} />
          )
        }
      </QueryState>
      <h3 id="versions-heading">Published versions</h3>
      <QueryState
        query={versions}
        isEmpty={(v) => v.length === 0}
        empty="No version published yet."
      >
        {(list) => (
          <ul aria-labelledby="versions-heading" data-testid="rule-versions">
            {list.map((v) => (
              <li key={v.version}>
                v{v.version} · <DateTime value={v.createdAt} /> · {v.createdByName ?? v.createdBy}
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
