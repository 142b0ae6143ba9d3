'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';
import { ApiErrorMessage } from './api-error-message';
import { ConfirmButton } from './confirm-button';
import { DateTime } from './date-time';
import { QueryState } from './query-state';
import { SecretOnce } from './secret-once';
import { StatusBadge } from './status-badge';

type Credential = ApiOutputs['merchant']['credentials']['list'][number];
type Kind = Credential['kind'];
type Mode = Credential['mode'];

const KIND_LABEL: Record<Kind, string> = { api_key: 'API key', webhook_secret: 'Webhook secret' };
const KIND_IN_TEXT: Record<Kind, string> = { api_key: 'API key', webhook_secret: 'webhook secret' };

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
    trpc.merchant.credentials.revoke.mutationOptions({ onSuccess: () => void invalidate() }),
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
              <div className="table-wrap">
                <table>
                  <caption>Credentials</caption>
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col">Mode</th>
                      <th scope="col">Hint</th>
                      <th scope="col">State</th>
                      <th scope="col">Created</th>
                      <th scope="col">Expires</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((c) => (
                      <tr key={c.id}>
                        <td>{KIND_LABEL[c.kind]}</td>
                        <td>{c.mode}</td>
                        <td>
                          <code>{c.hint}</code>
                        </td>
                        <td>
                          <StatusBadge status={c.state} />
                        </td>
                        <td>
                          <DateTime value={c.createdAt} />
                        </td>
                        <td>
                          <DateTime value={c.expiresAt} />
                        </td>
                        <td>
                          <div className="row-actions">
                            {mayIssue && c.state === 'active' ? (
                              <ConfirmButton
                                label="Rotate"
                                title={`Rotate ${c.hint}?`}
                                danger={false}
                                description={
                                  <p>
                                    A new {KIND_IN_TEXT[c.kind]} is issued (shown once); this one
                                    keeps working for the grace period, then stops.
                                  </p>
                                }
                                onConfirm={() =>
                                  rotate.mutateAsync({ merchantId, credentialId: c.id })
                                }
                              />
                            ) : null}
                            {mayRevoke && (c.state === 'active' || c.state === 'grace') ? (
                              <ConfirmButton
                                label="Revoke"
                                title={`Revoke ${c.hint}?`}
                                description={
                                  <p>
                                    It stops working at once. Anything still using it will be
                                    refused.
                                  </p>
                                }
                                onConfirm={() =>
                                  revoke.mutateAsync({ merchantId, credentialId: c.id })
                                }
                              />
                            ) : null}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
