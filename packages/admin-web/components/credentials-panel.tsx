'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';
import { ApiErrorMessage } from './api-error-message';
import { ConfirmButton } from './confirm-button';
import { StaticTable } from './data-table';
import { DateTime } from './date-time';
import { QueryState } from './query-state';
import { SecretOnce } from './secret-once';
import { StatusBadge } from './status-badge';

type Credential = ApiOutputs['merchant']['credentials']['list'][number];
type Kind = Credential['kind'];
type Mode = Credential['mode'];

const KIND_LABEL: Record<Kind, string> = { api_key: 'API key', webhook_secret: 'Webhook secret' };
const KIND_IN_TEXT: Record<Kind, string> = { api_key: 'API key', webhook_secret: 'webhook secret' };

/** How long a rotated-out key keeps working (the API's `graceSeconds`, at most 30 days). */
const GRACE_CHOICES: [number, string][] = [
  [0, 'no time: it stops now'],
  [3_600, '1 hour'],
  [86_400, '24 hours'],
  [7 * 86_400, '7 days'],
  [30 * 86_400, '30 days'],
];
const DEFAULT_GRACE = 86_400;

function graceFrom(form: FormData): number {
  const chosen = Number(form.get('graceSeconds'));
  return GRACE_CHOICES.some(([seconds]) => seconds === chosen) ? chosen : DEFAULT_GRACE;
}

/**
 * A merchant's API keys and webhook secrets. Issuing a new one rotates the current one out after
 * the grace period (both valid meanwhile); the secret is shown once. Platform staff see hints only.
 */
export function CredentialsPanel({ merchantId }: { merchantId: string }) {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.merchant.credentials.list.queryOptions({ merchantId }));
  const [issued, setIssued] = useState<{ label: string; secret: string } | undefined>();
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.merchant.credentials.list.queryKey() });
  const issue = useMutation(
    trpc.merchant.credentials.issue.mutationOptions({
      meta: success('Key created'),
      onSuccess: (result) => {
        setIssued({
          label: `New ${result.credential.mode} ${KIND_LABEL[result.credential.kind]}`,
          secret: result.secret,
        });
        void invalidate();
      },
    }),
  );
  const rotate = useMutation(
    trpc.merchant.credentials.rotate.mutationOptions({
      meta: success('Key rotated'),
      onSuccess: (result) => {
        setIssued({
          label: `Rotated ${result.credential.mode} ${KIND_LABEL[result.credential.kind]}`,
          secret: result.secret,
        });
        void invalidate();
      },
    }),
  );
  const revoke = useMutation(
    trpc.merchant.credentials.revoke.mutationOptions({
      meta: success('Key revoked'),
      onSuccess: () => void invalidate(),
    }),
  );
  const mayIssue = can(me.role, 'credentials.issue');
  const mayRevoke = can(me.role, 'credentials.revoke');

  function current(list: Credential[], kind: Kind, mode: Mode) {
    return list.some((c) => c.kind === kind && c.mode === mode && c.state === 'active');
  }

  return (
    <section aria-labelledby="credentials-heading">
      <h2 id="credentials-heading">Keys and webhook secrets</h2>
      {issued ? <SecretOnce label={issued.label} secret={issued.secret} /> : null}
      <ApiErrorMessage error={issue.error ?? rotate.error ?? revoke.error} />
      <QueryState query={query}>
        {(list) => (
          <>
            {mayIssue ? (
              <div className="toolbar">
                {(['test', 'live'] as const).flatMap((mode) =>
                  (['api_key', 'webhook_secret'] as const).map((kind) => {
                    if (current(list, kind, mode)) return null;
                    const label = `Create ${mode} ${KIND_IN_TEXT[kind]}`;
                    return (
                      <button
                        key={`${mode}-${kind}`}
                        type="button"
                        disabled={issue.isPending}
                        onClick={() => issue.mutate({ merchantId, kind, mode })}
                      >
                        {label}
                      </button>
                    );
                  }),
                )}
              </div>
            ) : null}
            {list.length === 0 ? (
              <p className="empty">No keys yet.</p>
            ) : (
              <StaticTable<Credential>
                caption="Credentials"
                rows={list}
                rowKey={(c) => c.id}
                columns={[
                  { key: 'kind', header: 'Kind', render: (c) => KIND_LABEL[c.kind] },
                  { key: 'mode', header: 'Mode', render: (c) => c.mode },
                  { key: 'hint', header: 'Hint', render: (c) => <code>{c.hint}</code> },
                  {
                    key: 'state',
                    header: 'State',
                    render: (c) => <StatusBadge status={c.state} />,
                  },
                  {
                    key: 'created',
                    header: 'Created',
                    render: (c) => <DateTime value={c.createdAt} />,
                  },
                  {
                    key: 'expires',
                    header: 'Expires',
                    render: (c) => <DateTime value={c.expiresAt} />,
                  },
                  {
                    key: 'actions',
                    header: 'Actions',
                    render: (c) => (
                      <div className="row-actions">
                        {mayIssue && c.state === 'active' ? (
                          <ConfirmButton
                            label="Rotate"
                            title={`Rotate ${c.hint}?`}
                            danger={false}
                            confirmLabel="Rotate"
                            description={
                              <p>
                                A new {KIND_IN_TEXT[c.kind]} is issued (shown once); this one keeps
                                working for the time you choose, so your servers can switch over,
                                then stops.
                              </p>
                            }
                            onConfirm={(form) =>
                              rotate.mutateAsync({
                                merchantId,
                                credentialId: c.id,
                                graceSeconds: graceFrom(form),
                              })
                            }
                          >
                            <label>
                              The old one keeps working for
                              <select name="graceSeconds" defaultValue={String(DEFAULT_GRACE)}>
                                {GRACE_CHOICES.map(([seconds, text]) => (
                                  <option key={seconds} value={seconds}>
                                    {text}
                                  </option>
                                ))}
                              </select>
                            </label>
                          </ConfirmButton>
                        ) : null}
                        {mayRevoke && (c.state === 'active' || c.state === 'grace') ? (
                          <ConfirmButton
                            label="Revoke"
                            title={`Revoke ${c.hint}?`}
                            description={
                              <p>
                                It stops working at once. Anything still using it will be refused.
                              </p>
                            }
                            onConfirm={() => revoke.mutateAsync({ merchantId, credentialId: c.id })}
                          />
                        ) : null}
                      </div>
                    ),
                  },
                ]}
              />
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
