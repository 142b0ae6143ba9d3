'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
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

type Endpoint = ApiOutputs['merchant']['webhookEndpoints']['list'][number];
type Mode = Endpoint['mode'];

const ZUrl = z
  .url('Enter the endpoint URL, e.g. https://shop.example/ipn.')
  .refine((u) => /^https?:\/\//.test(u), 'The URL must start with https:// or http://.');

/**
 * The merchant's webhook endpoints of one mode: each its own URL, event types and signing
 * secret (shown once on creation and rotation). The primary one is the profile's IPN URL.
 */
export function WebhookEndpointsPanel({ merchantId, mode }: { merchantId: string; mode: Mode }) {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.merchant.webhookEndpoints.list.queryOptions({ merchantId, mode }));
  const types = useQuery(trpc.merchant.webhookEndpoints.eventTypes.queryOptions({ merchantId }));
  const [shown, setShown] = useState<{ label: string; secret: string } | undefined>();
  const [invalid, setInvalid] = useState<string | undefined>();
  const invalidate = () =>
    queryClient.invalidateQueries({ queryKey: trpc.merchant.webhookEndpoints.list.queryKey() });
  const create = useMutation(
    trpc.merchant.webhookEndpoints.create.mutationOptions({
      meta: success('Endpoint added'),
      onSuccess: (r) => {
        setShown({ label: `Signing secret of ${r.endpoint.url}`, secret: r.secret });
        void invalidate();
      },
    }),
  );
  const update = useMutation(
    trpc.merchant.webhookEndpoints.update.mutationOptions({
      meta: success('Endpoint saved'),
      onSuccess: () => void invalidate(),
    }),
  );
  const rotate = useMutation(
    trpc.merchant.webhookEndpoints.rotateSecret.mutationOptions({
      meta: success('Signing secret rotated'),
      onSuccess: (r) =>
        setShown({ label: `New signing secret of ${r.endpoint.url}`, secret: r.secret }),
    }),
  );
  const remove = useMutation(
    trpc.merchant.webhookEndpoints.delete.mutationOptions({
      meta: success('Endpoint deleted'),
      onSuccess: () => void invalidate(),
    }),
  );
  const mayWrite = can(me.role, 'credentials.issue');

  return (
    <section aria-labelledby="endpoints-heading" className="stack">
      <h2 id="endpoints-heading">Endpoints ({mode})</h2>
      {shown ? <SecretOnce label={shown.label} secret={shown.secret} /> : null}
      <ApiErrorMessage error={create.error ?? update.error ?? rotate.error ?? remove.error} />
      <QueryState query={query}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">No endpoints in {mode} mode yet.</p>
          ) : (
            <StaticTable<Endpoint>
              caption="Webhook endpoints"
              rows={list}
              rowKey={(e) => e.id}
              columns={[
                {
                  key: 'url',
                  header: 'URL',
                  render: (e) => (
                    <>
                      <code className="endpoint-url">{e.url}</code>
                      <div className="muted">
                        {e.primary ? 'Primary (the IPN URL of Settings)' : e.description || e.id}
                        {e.kind === 'cli' ? ' · ducat listen' : ''}
                      </div>
                    </>
                  ),
                },
                {
                  key: 'events',
                  header: 'Events',
                  render: (e) =>
                    e.enabledEvents.includes('*') ? 'All' : e.enabledEvents.join(', '),
                },
                {
                  key: 'status',
                  header: 'Status',
                  render: (e) => <StatusBadge status={e.status} />,
                },
                {
                  key: 'created',
                  header: 'Created',
                  render: (e) => <DateTime value={e.createdAt} />,
                },
                {
                  key: 'actions',
                  header: 'Actions',
                  render: (e) =>
                    mayWrite && e.kind === 'http' ? (
                      <div className="row-actions">
                        <button
                          type="button"
                          disabled={update.isPending}
                          onClick={() =>
                            update.mutate({
                              merchantId,
                              mode,
                              endpointId: e.id,
                              status: e.status === 'enabled' ? 'disabled' : 'enabled',
                            })
                          }
                        >
                          {e.status === 'enabled' ? 'Disable' : 'Enable'}
                        </button>
                        <ConfirmButton
                          label="Rotate secret"
                          title={`Rotate the secret of ${e.url}?`}
                          danger={false}
                          description={
                            <p>
                              A new secret is shown once; the current one keeps signing beside it
                              for the grace period.
                              {e.primary
                                ? ' This is your merchant-wide webhook secret: it also signs return links and reports.'
                                : ''}
                            </p>
                          }
                          onConfirm={() =>
                            rotate.mutateAsync({ merchantId, mode, endpointId: e.id })
                          }
                        />
                        {e.primary ? null : (
                          <ConfirmButton
                            label="Delete"
                            title={`Delete ${e.url}?`}
                            description={
                              <p>
                                It receives nothing more; its secret is revoked and its pending IPNs
                                stop.
                              </p>
                            }
                            onConfirm={() =>
                              remove.mutateAsync({ merchantId, mode, endpointId: e.id })
                            }
                          />
                        )}
                      </div>
                    ) : null,
                },
              ]}
            />
          )
        }
      </QueryState>
      {mayWrite ? (
        <form
          className="stack card"
          aria-label="Add an endpoint"
          noValidate
          onSubmit={(ev) => {
            ev.preventDefault();
            const formEl = ev.currentTarget;
            const form = new FormData(formEl);
            const url = ZUrl.safeParse(String(form.get('url') ?? '').trim());
            if (!url.success) {
              setInvalid(url.error.issues[0]?.message);
              return;
            }
            setInvalid(undefined);
            const picked = form.getAll('events').map(String);
            create.mutate(
              {
                merchantId,
                mode,
                url: url.data,
                description: String(form.get('description') ?? '').trim() || undefined,
                enabledEvents: (picked.length > 0 ? picked : ['*']) as never,
              },
              { onSuccess: () => formEl.reset() },
            );
          }}
        >
          <h2>Add an endpoint</h2>
          <label>
            URL
            <input name="url" type="url" placeholder="https://staging.shop.example/ipn" />
          </label>
          <label>
            Description
            <input name="description" maxLength={200} placeholder="staging" />
          </label>
          <fieldset className="event-types">
            <legend>Events (none ticked: all, also types added later)</legend>
            {(types.data ?? []).map((t) => (
              <label key={t} className="inline">
                <input type="checkbox" name="events" value={t} /> <code>{t}</code>
              </label>
            ))}
          </fieldset>
          {invalid ? (
            <p role="alert" className="error">
              {invalid}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add endpoint'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
