'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import { StaticTable } from '@/components/data-table';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import { StatusBadge } from '@/components/status-badge';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { useTRPC } from '@/lib/trpc';

type Provider = ApiOutputs['admin']['providers']['list'][number];
const KINDS = ['bank', 'gateway', 'ewallet'] as const;
const ZKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'Keys are letters, digits and _.');

/** `{ "key": value }` typed as JSON; values are strings, numbers or booleans. */
const ZConfigText = z
  .string()
  .transform((text, ctx) => {
    if (text.trim() === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'The configuration is not valid JSON.' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(ZKey, z.union([z.string().max(500), z.number(), z.boolean()]), {
      message: 'The configuration is a JSON object of strings, numbers and booleans.',
    }),
  );

/** One `NAME=value` per line; write-only. */
const ZSecretsText = z.string().transform((text, ctx) => {
  const secrets: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    if (at < 1 || !ZKey.safeParse(key).success) {
      ctx.addIssue({ code: 'custom', message: 'Secrets are one NAME=value per line.' });
      return z.NEVER;
    }
    secrets[key] = line.slice(at + 1);
  }
  return secrets;
});

const ZNewProvider = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'Name: lowercase letters, digits, - and _.'),
  displayName: z.string().trim().min(1, 'A display name.').max(200),
  kind: z.enum(KINDS),
  adapter: z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, 'The adapter this provider speaks.'),
  config: ZConfigText,
  secrets: ZSecretsText,
  enabled: z.boolean(),
});

function ProviderFields({ provider }: { provider?: Provider }) {
  return (
    <>
      <label>
        Display name
        <input name="displayName" defaultValue={provider?.displayName} />
      </label>
      <label>
        Kind
        <select name="kind" defaultValue={provider?.kind ?? 'gateway'}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'ewallet' ? 'e-wallet' : k}
            </option>
          ))}
        </select>
      </label>
      <label>
        Configuration (JSON)
        <textarea
          name="config"
          rows={4}
          spellCheck={false}
          defaultValue={provider ? JSON.stringify(provider.config, null, 2) : '{}'}
        />
      </label>
      <label>
        {provider ? 'Replace secrets' : 'Secrets'} (one NAME=value per line; never shown again)
        <textarea name="secrets" rows={2} spellCheck={false} autoComplete="off" />
      </label>
    </>
  );
}

function EditProvider({ provider, onDone }: { provider: Provider; onDone: () => void }) {
  const trpc = useTRPC();
  const [invalid, setInvalid] = useState<string | undefined>();
  const update = useMutation(trpc.admin.providers.update.mutationOptions({ onSuccess: onDone }));
  return (
    <form
      className="stack card"
      aria-label={`Configure ${provider.name}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = z
          .object({
            displayName: z.string().trim().min(1, 'A display name.').max(200),
            kind: z.enum(KINDS),
            config: ZConfigText,
            secrets: ZSecretsText,
          })
          .safeParse({
            displayName: form.get('displayName'),
            kind: form.get('kind'),
            config: String(form.get('config') ?? ''),
            secrets: String(form.get('secrets') ?? ''),
          });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        const { secrets, ...rest } = parsed.data;
        update.mutate({
          providerId: provider.id,
          ...rest,
          secrets: Object.keys(secrets).length > 0 ? secrets : undefined,
        });
      }}
    >
      <h3>Configure {provider.name}</h3>
      <ProviderFields provider={provider} />
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={update.error} />
      <button type="submit" className="primary" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}

function RegisterProvider({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const [invalid, setInvalid] = useState<string | undefined>();
  const create = useMutation(trpc.admin.providers.create.mutationOptions({ onSuccess: onDone }));
  return (
    <form
      className="stack card"
      aria-label="Register a provider"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const formEl = e.currentTarget;
        const form = new FormData(formEl);
        const parsed = ZNewProvider.safeParse({
          name: String(form.get('name') ?? '').trim(),
          displayName: form.get('displayName'),
          kind: form.get('kind'),
          adapter: String(form.get('adapter') ?? '').trim(),
          config: String(form.get('config') ?? ''),
          secrets: String(form.get('secrets') ?? ''),
          enabled: form.get('enabled') === 'on',
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        create.mutate(parsed.data, { onSuccess: () => formEl.reset() });
      }}
    >
      <h2>Register a provider</h2>
      <label>
        Name (its id in URLs and reports)
        <input name="name" placeholder="acme-bank" />
      </label>
      <label>
        Adapter
        <input name="adapter" defaultValue="sandbox" />
      </label>
      <ProviderFields />
      <label className="check">
        <span>
          <input type="checkbox" name="enabled" /> Enabled at once
        </span>
      </label>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={create.error} />
      {create.isSuccess ? <p role="status">Registered {create.data.name}.</p> : null}
      <button type="submit" className="primary" disabled={create.isPending}>
        {create.isPending ? 'Registering…' : 'Register'}
      </button>
    </form>
  );
}

/** The providers registry: list, register, configure, enable or disable. */
export function Providers() {
  const trpc = useTRPC();
  const me = useStaff();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | undefined>();
  const query = useQuery(trpc.admin.providers.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.providers.pathKey() });
  const setEnabled = useMutation(
    trpc.admin.providers.setEnabled.mutationOptions({ onSuccess: () => void refresh() }),
  );
  const mayManage = can(me.role, 'providers.manage');
  return (
    <>
      <ApiErrorMessage error={setEnabled.error} />
      <QueryState query={query}>
        {(providers) => (
          <StaticTable
            caption="Registered providers"
            rows={providers}
            rowKey={(p) => p.id}
            empty="No provider registered."
            columns={[
              {
                key: 'name',
                header: 'Provider',
                render: (p) => (
                  <>
                    <strong>{p.displayName}</strong> <code>{p.name}</code>
                  </>
                ),
              },
              { key: 'kind', header: 'Kind', render: (p) => p.kind },
              {
                key: 'adapter',
                header: 'Adapter',
                render: (p) => `${p.adapter}${p.available ? '' : ' (not available here)'}`,
              },
              {
                key: 'state',
                header: 'State',
                render: (p) => <StatusBadge status={p.enabled ? 'enabled' : 'disabled'} />,
              },
              {
                key: 'secrets',
                header: 'Secrets',
                render: (p) => p.secretKeys.join(', ') || '—',
              },
              {
                key: 'updated',
                header: 'Updated',
                render: (p) => <DateTime value={p.updatedAt} />,
              },
              {
                key: 'actions',
                header: 'Actions',
                render: (p) =>
                  mayManage ? (
                    <div className="row-actions">
                      <button
                        type="button"
                        aria-expanded={editing === p.id}
                        onClick={() => setEditing(editing === p.id ? undefined : p.id)}
                      >
                        Configure
                      </button>
                      {p.enabled ? (
                        <ConfirmButton
                          label="Disable"
                          title={`Disable ${p.displayName}?`}
                          description={
                            <p>
                              No new payment, deposit or payout starts through it until it is
                              enabled again.
                            </p>
                          }
                          onConfirm={() =>
                            setEnabled.mutateAsync({ providerId: p.id, enabled: false })
                          }
                        />
                      ) : (
                        <button
                          type="button"
                          disabled={setEnabled.isPending}
                          onClick={() => setEnabled.mutate({ providerId: p.id, enabled: true })}
                        >
                          Enable
                        </button>
                      )}
                    </div>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      {editing && query.data
        ? (() => {
            const provider = query.data.find((p) => p.id === editing);
            return provider ? (
              <EditProvider
                key={provider.id}
                provider={provider}
                onDone={() => {
                  setEditing(undefined);
                  void refresh();
                }}
              />
            ) : null;
          })()
        : null}
      {mayManage ? <RegisterProvider onDone={() => void refresh()} /> : null}
    </>
  );
}
