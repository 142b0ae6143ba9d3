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
import { success, useTRPC } from '@/lib/trpc';

type Provider = ApiOutputs['admin']['providers']['list'][number];
const KINDS = ['bank', 'gateway', 'ewallet'] as const;
const MODES = ['test', 'live'] as const;
type Mode = (typeof MODES)[number];
/**
 * The adapters the server builds from a registry row (sync-provider-adapters.ts): the sandbox
 * (test money only) and `http`, any provider speaking Ducat's provider protocol.
 */
const ADAPTERS = {
  sandbox: 'sandbox (test money only)',
  http: 'http (Ducat provider protocol)',
} as const;
type Adapter = keyof typeof ADAPTERS;
/** Config keys with a field of their own; the JSON box holds the rest. */
const OWN_FIELDS = ['modes', 'baseUrl'];
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
  adapter: z.enum(Object.keys(ADAPTERS) as [Adapter, ...Adapter[]], {
    message: 'The adapter this provider speaks.',
  }),
  secrets: ZSecretsText,
  enabled: z.boolean(),
});

/** The modes a row's config names (`test`, `live`, `test,live`); none: the adapter's default. */
function configuredModes(provider: Provider | undefined): Mode[] {
  const raw = provider?.config.modes;
  if (typeof raw !== 'string') return provider ? provider.modes : ['test'];
  const parts = raw.split(',').map((m) => m.trim());
  return MODES.filter((m) => parts.includes(m));
}

function restOfConfig(provider: Provider | undefined): string {
  if (!provider) return '{}';
  const rest = Object.fromEntries(
    Object.entries(provider.config).filter(([key]) => !OWN_FIELDS.includes(key)),
  );
  return JSON.stringify(rest, null, 2);
}

/**
 * The form's own fields folded into the row's config, checked the way the server builds the
 * adapter: an `http` provider needs a base URL and at least one mode; the sandbox never serves
 * live money (the server refuses it too, provider_mode_mismatch).
 */
function readConfig(
  form: FormData,
  adapter: string,
):
  | { ok: true; config: Record<string, string | number | boolean> }
  | { ok: false; message: string } {
  const parsed = ZConfigText.safeParse(String(form.get('config') ?? ''));
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'Invalid.' };
  const config: Record<string, string | number | boolean> = Object.fromEntries(
    Object.entries(parsed.data).filter(([key]) => !OWN_FIELDS.includes(key)),
  );
  const baseUrl = String(form.get('baseUrl') ?? '').trim();
  if (baseUrl) {
    if (!z.url({ protocol: /^https?$/ }).safeParse(baseUrl).success) {
      return { ok: false, message: 'The base URL is an http(s) URL.' };
    }
    config.baseUrl = baseUrl;
  } else if (adapter === 'http') {
    return { ok: false, message: 'An http provider needs its base URL.' };
  }
  const modes = MODES.filter((m) => form.getAll('modes').includes(m));
  if (modes.length === 0) return { ok: false, message: 'Choose the modes it serves.' };
  if (adapter === 'sandbox' && modes.includes('live')) {
    return { ok: false, message: 'The sandbox moves test money only.' };
  }
  config.modes = modes.join(',');
  return { ok: true, config };
}

function ProviderFields({ provider, adapter }: { provider?: Provider; adapter: string }) {
  const modes = configuredModes(provider);
  const baseUrl = provider?.config.baseUrl;
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
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm">Modes it serves</legend>
        {MODES.map((mode) => (
          <label key={mode} className="check">
            <span>
              <input
                type="checkbox"
                name="modes"
                value={mode}
                defaultChecked={modes.includes(mode)}
                disabled={mode === 'live' && adapter === 'sandbox'}
              />{' '}
              {mode === 'test' ? 'Test mode' : 'Live mode'}
              {mode === 'live' && adapter === 'sandbox' ? ' (not the sandbox)' : ''}
            </span>
          </label>
        ))}
      </fieldset>
      <label>
        Base URL{adapter === 'http' ? '' : ' (optional: the environment’s sandbox otherwise)'}
        <input
          name="baseUrl"
          type="url"
          inputMode="url"
          placeholder="https://provider.example/ducat"
          defaultValue={typeof baseUrl === 'string' ? baseUrl : ''}
        />
      </label>
      <label>
        Other configuration (JSON)
        <textarea name="config" rows={4} spellCheck={false} defaultValue={restOfConfig(provider)} />
      </label>
      <label>
        {provider ? 'Replace secrets' : 'Secrets'} (one NAME=value per line; never shown again
        {adapter === 'http' ? '; the protocol key is secret=…' : ''})
        <textarea name="secrets" rows={2} spellCheck={false} autoComplete="off" />
      </label>
    </>
  );
}

function EditProvider({ provider, onDone }: { provider: Provider; onDone: () => void }) {
  const trpc = useTRPC();
  const [invalid, setInvalid] = useState<string | undefined>();
  const update = useMutation(
    trpc.admin.providers.update.mutationOptions({
      meta: success('Provider saved'),
      onSuccess: onDone,
    }),
  );
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
            secrets: ZSecretsText,
          })
          .safeParse({
            displayName: form.get('displayName'),
            kind: form.get('kind'),
            secrets: String(form.get('secrets') ?? ''),
          });
        const config = readConfig(form, provider.adapter);
        if (!parsed.success || !config.ok) {
          setInvalid(parsed.error?.issues[0]?.message ?? (config.ok ? undefined : config.message));
          return;
        }
        setInvalid(undefined);
        const { secrets, ...rest } = parsed.data;
        update.mutate({
          providerId: provider.id,
          ...rest,
          config: config.config,
          secrets: Object.keys(secrets).length > 0 ? secrets : undefined,
        });
      }}
    >
      <h3>Configure {provider.name}</h3>
      <p className="muted">
        Adapter: <code>{provider.adapter}</code>
      </p>
      <ProviderFields provider={provider} adapter={provider.adapter} />
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
  const create = useMutation(
    trpc.admin.providers.create.mutationOptions({
      meta: success('Provider registered'),
      onSuccess: onDone,
    }),
  );
  const [adapter, setAdapter] = useState<Adapter>('sandbox');
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
          adapter,
          secrets: String(form.get('secrets') ?? ''),
          enabled: form.get('enabled') === 'on',
        });
        const config = readConfig(form, adapter);
        if (!parsed.success || !config.ok) {
          setInvalid(parsed.error?.issues[0]?.message ?? (config.ok ? undefined : config.message));
          return;
        }
        if (adapter === 'http' && parsed.data.secrets.secret === undefined) {
          setInvalid('An http provider needs its protocol key: secret=… under Secrets.');
          return;
        }
        setInvalid(undefined);
        create.mutate(
          { ...parsed.data, config: config.config },
          {
            onSuccess: () => {
              formEl.reset();
              setAdapter('sandbox');
            },
          },
        );
      }}
    >
      <h2>Register a provider</h2>
      <label>
        Name (its id in URLs and reports)
        <input name="name" placeholder="acme-bank" />
      </label>
      <label>
        Adapter
        <select
          name="adapter"
          value={adapter}
          onChange={(e) => setAdapter(e.currentTarget.value === 'http' ? 'http' : 'sandbox')}
        >
          {Object.entries(ADAPTERS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <ProviderFields adapter={adapter} />
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
    trpc.admin.providers.setEnabled.mutationOptions({
      meta: success((_d, v: { enabled: boolean }) =>
        v.enabled ? 'Provider enabled' : 'Provider disabled',
      ),
      onSuccess: () => void refresh(),
    }),
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
                key: 'modes',
                header: 'Modes',
                // What its adapter in this process serves (none while it is not available).
                render: (p) => p.modes.join(', ') || '—',
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
