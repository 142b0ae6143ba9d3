'use client';

import { isIsoCurrency } from '@ducat/web-kit';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { ApiErrorMessage } from '@/components/api-error-message';
import { DateTime } from '@/components/date-time';
import { QueryState } from '@/components/query-state';
import type { ApiOutputs } from '@/lib/api-types';
import { can } from '@/lib/roles';
import { useStaff } from '@/lib/staff-context';
import { success, useTRPC } from '@/lib/trpc';

type Settings = ApiOutputs['admin']['settings']['get'];
type Window = Settings['maintenanceWindows'][number];

/** A datetime-local value (no zone) read as UTC, the zone every page here shows. */
const ZUtcLocal = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Pick a date and time.')
  .transform((v) => new Date(`${v}:00Z`).toISOString());

const ZForm = z.object({
  defaultOrderExpiryMinutes: z.coerce
    .number({ message: 'Minutes, a whole number.' })
    .int('Minutes, a whole number.')
    .min(5, 'At least 5 minutes.')
    .max(43_200, 'At most 30 days.'),
  providerNoAnswerMinutes: z.coerce
    .number({ message: 'Minutes, a whole number.' })
    .int('Minutes, a whole number.')
    .min(1, 'At least 1 minute.')
    .max(1_440, 'At most 1440 minutes.'),
  notificationRecipients: z.array(z.email('One email address per line.')).max(50),
  enabledCurrencies: z
    .array(
      z.string().refine(isIsoCurrency, {
        error: (issue) => `${String(issue.input)} is not an ISO 4217 currency.`,
      }),
    )
    .max(200),
  maintenanceWindows: z
    .array(
      z
        .object({
          startsAt: ZUtcLocal,
          endsAt: ZUtcLocal,
          message: z.string().trim().min(1, 'Each window needs a message.').max(500),
        })
        .refine((w) => w.startsAt < w.endsAt, { message: 'A window must end after it starts.' }),
    )
    .max(50),
});

const toLocal = (iso: string) => iso.slice(0, 16);

function SettingsForm({
  settings,
  editable,
  onSaved,
}: {
  settings: Settings;
  editable: boolean;
  onSaved: (version: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invalid, setInvalid] = useState<string | undefined>();
  // Each row keeps its own key, so removing one leaves the others' typed values in place.
  const [windows, setWindows] = useState<(Window & { key: string })[]>(() =>
    settings.maintenanceWindows.map((w) => ({ ...w, key: crypto.randomUUID() })),
  );
  const update = useMutation(
    trpc.admin.settings.update.mutationOptions({
      meta: success('Settings saved'),
      onSuccess: (next) => {
        onSaved(next.version);
        // A new version re-renders the form from what is stored.
        queryClient.setQueryData(trpc.admin.settings.get.queryKey(), next);
      },
    }),
  );
  return (
    <form
      className="stack card"
      aria-label="Platform settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const parsed = ZForm.safeParse({
          defaultOrderExpiryMinutes: form.get('defaultOrderExpiryMinutes'),
          providerNoAnswerMinutes: form.get('providerNoAnswerMinutes'),
          notificationRecipients: String(form.get('notificationRecipients') ?? '')
            .split(/[\s,]+/)
            .filter(Boolean),
          enabledCurrencies: String(form.get('enabledCurrencies') ?? '')
            .toUpperCase()
            .split(/[\s,]+/)
            .filter(Boolean),
          maintenanceWindows: windows.map((_, i) => ({
            startsAt: form.get(`w${i}-start`),
            endsAt: form.get(`w${i}-end`),
            message: form.get(`w${i}-message`),
          })),
        });
        if (!parsed.success) {
          setInvalid(parsed.error.issues[0]?.message);
          return;
        }
        setInvalid(undefined);
        update.mutate({
          baseVersion: settings.version,
          defaultOrderExpirySeconds: parsed.data.defaultOrderExpiryMinutes * 60,
          providerNoAnswerMinutes: parsed.data.providerNoAnswerMinutes,
          notificationRecipients: parsed.data.notificationRecipients,
          maintenanceWindows: parsed.data.maintenanceWindows,
          // Empty: back to every ISO 4217 currency.
          enabledCurrencies:
            parsed.data.enabledCurrencies.length > 0 ? parsed.data.enabledCurrencies : null,
        });
      }}
    >
      <p className="muted">
        Version {settings.version}
        {settings.updatedBy ? (
          <>
            , changed by {settings.updatedBy} <DateTime value={settings.updatedAt} />
          </>
        ) : null}
      </p>
      <fieldset disabled={!editable} className="stack">
        <label>
          Default order expiry (minutes)
          <input
            name="defaultOrderExpiryMinutes"
            inputMode="numeric"
            defaultValue={Math.round(settings.defaultOrderExpirySeconds / 60)}
          />
        </label>
        <label>
          Provider no-answer timeout (minutes before the stuck checker asks)
          <input
            name="providerNoAnswerMinutes"
            inputMode="numeric"
            defaultValue={settings.providerNoAnswerMinutes}
          />
        </label>
        <label>
          Notification recipients (one email per line; empty: every admin and finance member)
          <textarea
            name="notificationRecipients"
            rows={3}
            defaultValue={settings.notificationRecipients.join('\n')}
          />
        </label>
        <label>
          Enabled currencies (ISO 4217 codes such as EUR JPY KWD; empty: every ISO 4217 currency)
          <input
            name="enabledCurrencies"
            autoCapitalize="characters"
            spellCheck={false}
            defaultValue={settings.enabledCurrencies?.join(' ') ?? ''}
            placeholder="Every ISO 4217 currency"
          />
        </label>
        <fieldset className="stack">
          <legend>Maintenance windows (UTC; checkout payments are refused during one)</legend>
          {windows.length === 0 ? <p className="empty">None planned.</p> : null}
          {windows.map((w, i) => (
            <div key={w.key} className="inline-form">
              <label>
                Starts
                <input
                  name={`w${i}-start`}
                  type="datetime-local"
                  defaultValue={w.startsAt ? toLocal(w.startsAt) : ''}
                />
              </label>
              <label>
                Ends
                <input
                  name={`w${i}-end`}
                  type="datetime-local"
                  defaultValue={w.endsAt ? toLocal(w.endsAt) : ''}
                />
              </label>
              <label>
                Message to shoppers
                <input name={`w${i}-message`} defaultValue={w.message} maxLength={500} />
              </label>
              <button type="button" onClick={() => setWindows(windows.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() =>
              setWindows([
                ...windows,
                { startsAt: '', endsAt: '', message: '', key: crypto.randomUUID() },
              ])
            }
          >
            Add a window
          </button>
        </fieldset>
      </fieldset>
      {invalid ? (
        <p role="alert" className="error">
          {invalid}
        </p>
      ) : null}
      <ApiErrorMessage error={update.error} />
      {editable ? (
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save settings'}
        </button>
      ) : (
        <p className="muted">Only admins change settings.</p>
      )}
    </form>
  );
}

export function PlatformSettings() {
  const trpc = useTRPC();
  const me = useStaff();
  const query = useQuery(trpc.admin.settings.get.queryOptions());
  const [saved, setSaved] = useState<number | undefined>();
  return (
    <>
      {saved !== undefined ? <p role="status">Saved as version {saved}.</p> : null}
      <QueryState query={query}>
        {(settings) => (
          <SettingsForm
            key={settings.version}
            settings={settings}
            editable={can(me.role, 'settings.update')}
            onSaved={setSaved}
          />
        )}
      </QueryState>
    </>
  );
}
