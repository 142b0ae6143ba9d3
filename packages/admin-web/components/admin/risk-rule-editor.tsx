'use client';

import {
  FEATURE_NAMES,
  type FeatureName,
  RISK_ACTIONS,
  RISK_FALLBACK_ACTIONS,
  RISK_LIST_KINDS,
  RISK_LISTS,
  RISK_METHODS,
  RISK_RULE_OPS,
  type RiskAction,
} from '@ducat/server/constants';
import {
  Button,
  cn,
  Form,
  FormControl,
  FormDescription,
  FormFieldScope,
  FormItem,
  FormLabel,
  FormMessage,
  Input,
  NativeSelect,
  useFieldArray,
  useFormField,
  useZodForm,
} from '@ducat/ui';
import { apiErrorOf } from '@ducat/web-kit';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ComponentProps, type ReactElement, type ReactNode, useId, useState } from 'react';
import { OrderLink } from '@/components/admin/order-link';
import { ApiErrorMessage } from '@/components/api-error-message';
import { ConfirmButton } from '@/components/confirm-button';
import type { ApiOutputs } from '@/lib/api-types';
import { diffRuleSets, type RuleSetDiff } from '@/lib/risk-rule-diff';
import {
  ACTION_LABELS,
  featureLabel,
  featureUnitHelp,
  formFieldOf,
  formToRuleSet,
  LIST_KIND_LABELS,
  METHOD_LABELS,
  newListEntry,
  newRule,
  OP_LABELS,
  type RiskRule,
  ruleSetToForm,
  ZRuleSetForm,
} from '@/lib/risk-rules';
import { success, useTRPC } from '@/lib/trpc';

type LiveRules = ApiOutputs['admin']['risk']['rules']['get'];
type DryRun = ApiOutputs['admin']['risk']['rules']['dryRun'];

/** List entries shown before "Show all": a block-list can hold thousands. */
const LIST_PAGE = 50;

/** One labelled field: label, the control, its description and its error under it. */
function Field({
  name,
  label,
  description,
  className,
  children,
}: {
  name: string;
  label: ReactNode;
  description?: ReactNode;
  className?: string;
  children: ReactElement;
}) {
  return (
    <FormFieldScope name={name}>
      {/* content-start: in a row with a taller neighbour the label stays on top of its field. */}
      <FormItem className={cn('content-start', className)}>
        <FormLabel>{label}</FormLabel>
        <FormControl>{children}</FormControl>
        {description ? <FormDescription>{description}</FormDescription> : null}
        <FormMessage />
      </FormItem>
    </FormFieldScope>
  );
}

/** The error of a group of checkboxes (they share one field), announced with the group. */
function GroupMessage({ id }: { id: string }) {
  const { error } = useFormField();
  return error?.message ? (
    <p id={id} className="text-sm font-medium text-destructive-text">
      {error.message}
    </p>
  ) : null;
}

/** The methods a rule applies to: one checkbox each, all registered under the same field. */
function MethodsField({ name, inputProps }: { name: string; inputProps: ComponentProps<'input'> }) {
  const messageId = useId();
  return (
    <FormFieldScope name={name}>
      <FormItem className="content-start">
        <fieldset className="grid gap-1.5" aria-describedby={messageId}>
          <legend className="mb-1.5 text-sm font-medium">Methods</legend>
          {RISK_METHODS.map((method) => (
            <label key={method} className="check gap-2">
              <input type="checkbox" value={method} {...inputProps} />
              {METHOD_LABELS[method]}
            </label>
          ))}
        </fieldset>
        <GroupMessage id={messageId} />
      </FormItem>
    </FormFieldScope>
  );
}

const number = { valueAsNumber: true } as const;

/**
 * The rule set as a form (a card per rule and per list entry, the default policy and the merchant
 * policy as number fields), the diff against the version it was edited from, a dry run over
 * recent decisions, and publishing behind a confirmation. Publishing is the secondary action
 * until a dry run of the draft as it is now has been seen. Read-only for roles that may not
 * publish: the same layout, every field disabled.
 */
export function RuleSetEditor({ latest, mayPublish }: { latest: LiveRules; mayPublish: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // The version this draft was edited from; `latest` moves on when someone else publishes.
  const [base, setBase] = useState(latest);
  const [showAllLists, setShowAllLists] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [dryRunKey, setDryRunKey] = useState<string | undefined>();
  const form = useZodForm(ZRuleSetForm, { defaultValues: ruleSetToForm(latest.ruleSet) });
  const rules = useFieldArray({ control: form.control, name: 'rules' });
  const lists = useFieldArray({ control: form.control, name: 'lists' });
  const { register } = form;

  const values = form.watch();
  const draft = formToRuleSet(values);
  const draftKey = JSON.stringify(draft);
  const diff = diffRuleSets(base.ruleSet, draft);

  const dryRun = useMutation(trpc.admin.risk.rules.dryRun.mutationOptions());
  const dryRunSeen = dryRun.data !== undefined && dryRunKey === draftKey;
  const publish = useMutation(
    trpc.admin.risk.rules.publish.mutationOptions({
      meta: success((published: LiveRules) => `Published version ${published.version}`),
      onSuccess: (published) => load(published),
      onError: (error) => {
        const info = apiErrorOf(error);
        if (info.code === 'risk_rules_stale') {
          // Fetch the newer version, so the notice can name it and offer to load it.
          void queryClient.invalidateQueries({ queryKey: trpc.admin.risk.rules.pathKey() });
          return;
        }
        const field =
          info.code === 'validation_failed' ? formFieldOf(info.field, form.getValues()) : undefined;
        if (field) {
          form.setError(field, { type: 'server', message: info.message }, { shouldFocus: true });
        }
      },
    }),
  );
  const publishInfo = publish.error ? apiErrorOf(publish.error) : undefined;
  const stale = latest.version > base.version || publishInfo?.code === 'risk_rules_stale';
  const fieldError =
    publishInfo?.code === 'validation_failed' && formFieldOf(publishInfo.field, values);

  /** Starts over from a published version (after publishing, or to take someone else's). */
  function load(rules: LiveRules) {
    setBase(rules);
    form.reset(ruleSetToForm(rules.ruleSet));
    dryRun.reset();
    publish.reset();
    setDryRunKey(undefined);
    setNotice(undefined);
    void queryClient.invalidateQueries({ queryKey: trpc.admin.risk.rules.pathKey() });
  }

  const rulesHeading = useId();
  const listsHeading = useId();
  const policyHeading = useId();

  return (
    <div className="stack">
      <p>
        {/* After one's own publication `latest` catches up a moment later. */}
        Live version: <strong>{Math.max(latest.version, base.version)}</strong>
        {latest.version > base.version
          ? ` (this draft was edited from version ${base.version})`
          : ''}
      </p>
      {stale ? (
        <div role="alert" className="card border-warning-border bg-warning text-warning-foreground">
          <p className="font-semibold">
            {latest.version > base.version
              ? `Someone else published version ${latest.version} while you edited version ${base.version}.`
              : 'Someone else published a new version while you were editing.'}
          </p>
          <p>
            Nothing of yours was published. Load the latest rules (your edits here are replaced) and
            make your change again.
          </p>
          {latest.version > base.version ? (
            <Button size="sm" variant="outline" onClick={() => load(latest)}>
              Load version {latest.version}
            </Button>
          ) : (
            <p className="m-0">Fetching the latest version…</p>
          )}
        </div>
      ) : null}
      {!mayPublish ? (
        <p className="muted">You can read the rules; only an admin can change and publish them.</p>
      ) : null}
      <Form
        form={form}
        aria-label="Rule set"
        className="gap-6"
        onSubmit={(valid) => {
          const ruleSet = formToRuleSet(valid);
          const key = JSON.stringify(ruleSet);
          setNotice(undefined);
          dryRun.mutate({ ruleSet, limit: 1_000 }, { onSuccess: () => setDryRunKey(key) });
        }}
      >
        <fieldset disabled={!mayPublish} className="m-0 grid min-w-0 gap-6 border-0 p-0">
          <section aria-labelledby={rulesHeading} className="grid gap-3">
            <h3 id={rulesHeading}>Thresholds ({rules.fields.length})</h3>
            {rules.fields.length === 0 ? <p className="muted">No threshold rule yet.</p> : null}
            {rules.fields.map((field, index) => {
              const feature = (values.rules[index]?.feature ?? 'amount') as FeatureName;
              const id = values.rules[index]?.id;
              const title = `Rule ${index + 1}`;
              return (
                <fieldset
                  key={field.id}
                  aria-labelledby={`${field.id}-title`}
                  className="card m-0 grid gap-3"
                >
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h4 id={`${field.id}-title`} className="m-0 font-semibold">
                      {title}
                      {id ? <span className="muted font-normal">: {id}</span> : null}
                    </h4>
                    {mayPublish ? (
                      <div className="row-actions">
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => {
                            const copy = form.getValues(`rules.${index}`);
                            rules.insert(index + 1, { ...copy, id: `${copy.id}_copy` });
                          }}
                        >
                          Duplicate<span className="sr-only"> {title.toLowerCase()}</span>
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => rules.remove(index)}>
                          Remove<span className="sr-only"> {title.toLowerCase()}</span>
                        </Button>
                      </div>
                    ) : null}
                  </div>
                  <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                    <Field
                      name={`rules.${index}.id`}
                      label="Rule id"
                      description="e.g. large_amount; the same id for a merchant overrides the rule for every merchant."
                      className="lg:col-span-2"
                    >
                      <Input
                        autoComplete="off"
                        spellCheck={false}
                        {...register(`rules.${index}.id`)}
                      />
                    </Field>
                    <Field name={`rules.${index}.action`} label="Then">
                      <NativeSelect {...register(`rules.${index}.action`)}>
                        {RISK_ACTIONS.map((a) => (
                          <option key={a} value={a}>
                            {ACTION_LABELS[a].choice}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <Field
                      name={`rules.${index}.reason`}
                      label="Reason"
                      description="Stored with each decision, e.g. large_amount."
                    >
                      <Input
                        autoComplete="off"
                        spellCheck={false}
                        {...register(`rules.${index}.reason`)}
                      />
                    </Field>
                    <Field name={`rules.${index}.feature`} label="When" className="lg:col-span-2">
                      <NativeSelect {...register(`rules.${index}.feature`)}>
                        {FEATURE_NAMES.map((f) => (
                          <option key={f} value={f}>
                            {featureLabel(f)}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <Field name={`rules.${index}.op`} label="Is">
                      <NativeSelect {...register(`rules.${index}.op`)}>
                        {RISK_RULE_OPS.map((op) => (
                          <option key={op} value={op} aria-label={OP_LABELS[op].words}>
                            {OP_LABELS[op].symbol}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <Field
                      name={`rules.${index}.value`}
                      label="Value"
                      description={featureUnitHelp(feature)}
                    >
                      <Input
                        type="number"
                        step="any"
                        inputMode="decimal"
                        {...register(`rules.${index}.value`, number)}
                      />
                    </Field>
                    <Field
                      name={`rules.${index}.merchantId`}
                      label="Merchant (optional)"
                      description="Empty: every merchant."
                      className="lg:col-span-2"
                    >
                      <Input
                        placeholder="mch_…"
                        autoComplete="off"
                        spellCheck={false}
                        {...register(`rules.${index}.merchantId`)}
                      />
                    </Field>
                    <MethodsField
                      name={`rules.${index}.methods`}
                      inputProps={register(`rules.${index}.methods`)}
                    />
                    <label className="check gap-2 self-start">
                      <input type="checkbox" {...register(`rules.${index}.enabled`)} />
                      Enabled
                    </label>
                  </div>
                </fieldset>
              );
            })}
            {mayPublish ? (
              <div>
                <Button size="sm" variant="outline" onClick={() => rules.append(newRule())}>
                  Add a rule
                </Button>
              </div>
            ) : null}
          </section>

          <section aria-labelledby={listsHeading} className="grid gap-3">
            <h3 id={listsHeading}>Allow- and block-lists ({lists.fields.length})</h3>
            <p className="muted m-0">
              A block-list match rejects the payment; an allow-list match allows it without the
              thresholds.
            </p>
            {lists.fields.length === 0 ? <p className="muted">No list entry yet.</p> : null}
            {(showAllLists ? lists.fields : lists.fields.slice(0, LIST_PAGE)).map(
              (field, index) => {
                const title = `List entry ${index + 1}`;
                return (
                  <fieldset
                    key={field.id}
                    aria-label={title}
                    className="card m-0 grid gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
                  >
                    <Field name={`lists.${index}.list`} label="List">
                      <NativeSelect {...register(`lists.${index}.list`)}>
                        {RISK_LISTS.map((l) => (
                          <option key={l} value={l}>
                            {l === 'block' ? 'Block' : 'Allow'}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <Field name={`lists.${index}.kind`} label="Match">
                      <NativeSelect {...register(`lists.${index}.kind`)}>
                        {RISK_LIST_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {LIST_KIND_LABELS[k]}
                          </option>
                        ))}
                      </NativeSelect>
                    </Field>
                    <Field name={`lists.${index}.value`} label="Value">
                      <Input
                        autoComplete="off"
                        spellCheck={false}
                        {...register(`lists.${index}.value`)}
                      />
                    </Field>
                    <Field name={`lists.${index}.reason`} label="Reason">
                      <Input
                        autoComplete="off"
                        spellCheck={false}
                        {...register(`lists.${index}.reason`)}
                      />
                    </Field>
                    <Field name={`lists.${index}.merchantId`} label="Merchant (optional)">
                      <Input
                        placeholder="mch_…"
                        autoComplete="off"
                        spellCheck={false}
                        {...register(`lists.${index}.merchantId`)}
                      />
                    </Field>
                    {mayPublish ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="self-end"
                        onClick={() => lists.remove(index)}
                      >
                        Remove<span className="sr-only"> {title.toLowerCase()}</span>
                      </Button>
                    ) : null}
                  </fieldset>
                );
              },
            )}
            <div className="toolbar my-0">
              {!showAllLists && lists.fields.length > LIST_PAGE ? (
                <Button size="sm" variant="outline" onClick={() => setShowAllLists(true)}>
                  Show all {lists.fields.length} entries
                </Button>
              ) : null}
              {mayPublish ? (
                <Button
                  size="sm"
                  variant="outline"
                  onClick={() => {
                    setShowAllLists(true);
                    lists.append(newListEntry());
                  }}
                >
                  Add a list entry
                </Button>
              ) : null}
            </div>
          </section>

          <section aria-labelledby={policyHeading} className="grid gap-3">
            <h3 id={policyHeading}>Policies</h3>
            <div className="card grid gap-3 sm:grid-cols-2">
              <p className="m-0 sm:col-span-2">
                <strong>Default policy</strong>: when the pre-computed values cannot be read (Redis
                down or still being restored), the thresholds cannot run; the lists still apply,
                then the amount decides.
              </p>
              <Field
                name="fallback.allowUpTo"
                label="Allow up to (minor units)"
                description="In the payment’s currency: 100000 = 1,000.00 EUR."
              >
                <Input type="number" min={0} step={1} {...register('fallback.allowUpTo', number)} />
              </Field>
              <Field name="fallback.action" label="Above it">
                <NativeSelect {...register('fallback.action')}>
                  {RISK_FALLBACK_ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {ACTION_LABELS[a].choice}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
            </div>
            <div className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              <p className="m-0 sm:col-span-2 lg:col-span-3">
                <strong>Merchant policy</strong>: the periodic assessment flags a merchant above any
                of these over the last 7 days.
              </p>
              <Field
                name="merchant.maxRefundRatio"
                label="Refund ratio at most"
                description="Refunds per successful payment, 0 to 1 (0.2 = 20 %)."
              >
                <Input
                  type="number"
                  min={0}
                  max={1}
                  step="any"
                  {...register('merchant.maxRefundRatio', number)}
                />
              </Field>
              <Field
                name="merchant.maxFailureRatio"
                label="Failure ratio at most"
                description="Failed attempts per attempt, 0 to 1."
              >
                <Input
                  type="number"
                  min={0}
                  max={1}
                  step="any"
                  {...register('merchant.maxFailureRatio', number)}
                />
              </Field>
              <Field
                name="merchant.maxDeclineRatio"
                label="Decline ratio at most"
                description="Declined attempts per attempt, 0 to 1."
              >
                <Input
                  type="number"
                  min={0}
                  max={1}
                  step="any"
                  {...register('merchant.maxDeclineRatio', number)}
                />
              </Field>
              <Field
                name="merchant.spikeFactor"
                label="Spike factor at most"
                description="The last 24 h of payments against the daily average of 7 days (5 = five times)."
              >
                <Input
                  type="number"
                  min={1}
                  step="any"
                  {...register('merchant.spikeFactor', number)}
                />
              </Field>
              <Field
                name="merchant.minAttempts"
                label="Judged from (attempts)"
                description="Below this many attempts in 7 days a merchant is not judged."
              >
                <Input
                  type="number"
                  min={1}
                  step={1}
                  {...register('merchant.minAttempts', number)}
                />
              </Field>
            </div>
          </section>
        </fieldset>

        <DiffView diff={diff} baseVersion={base.version} />

        {mayPublish ? (
          <div className="grid gap-3">
            {notice ? (
              <p role="alert" className="error">
                {notice}
              </p>
            ) : null}
            {fieldError ? (
              <p role="alert" className="error">
                Not published: the server refused a field (marked above).
              </p>
            ) : publishInfo?.code !== 'risk_rules_stale' ? (
              <ApiErrorMessage error={publish.error} />
            ) : null}
            <ApiErrorMessage error={dryRun.error} />
            {dryRun.data ? <DryRunResult result={dryRun.data} current={dryRunSeen} /> : null}
            <div className="toolbar my-0">
              <Button
                type="submit"
                size="sm"
                variant={dryRunSeen ? 'outline' : 'primary'}
                disabled={dryRun.isPending}
                aria-busy={dryRun.isPending || undefined}
              >
                {dryRun.isPending ? 'Replaying recent decisions…' : 'Dry run'}
              </Button>
              <ConfirmButton
                label={`Publish as version ${base.version + 1}`}
                title={`Publish the rules as version ${base.version + 1}?`}
                danger={false}
                variant={dryRunSeen ? 'primary' : 'outline'}
                disabled={diff.empty || publish.isPending || stale}
                description={
                  <>
                    <p>
                      Every checkout from now on is decided by version {base.version + 1}; version{' '}
                      {base.version} stays on record.
                    </p>
                    <p>
                      {dryRunSeen
                        ? `The dry run of this draft changed ${dryRun.data?.changed ?? 0} of ${dryRun.data?.evaluated ?? 0} recent decisions.`
                        : 'This draft has not been dry run.'}
                    </p>
                  </>
                }
                onConfirm={async (data) => {
                  if (!(await form.trigger())) {
                    setNotice('Not published: fix the fields marked above first.');
                    return;
                  }
                  setNotice(undefined);
                  const note = String(data.get('note') ?? '').trim();
                  await publish.mutateAsync({
                    baseVersion: base.version,
                    ruleSet: formToRuleSet(form.getValues()),
                    ...(note ? { note } : {}),
                  });
                }}
              >
                <label>
                  Note (optional)
                  <input name="note" maxLength={500} placeholder="Why this change" />
                </label>
              </ConfirmButton>
            </div>
            <p className="muted m-0" data-testid="publish-hint">
              {diff.empty
                ? 'Nothing to publish: the draft is the same as the live version.'
                : dryRunSeen
                  ? 'The dry run above is of this draft.'
                  : dryRun.data
                    ? 'You changed the draft after the dry run: run it again to see these changes before publishing.'
                    : 'Run a dry run first to see what this draft would have decided.'}
            </p>
          </div>
        ) : null}
      </Form>
    </div>
  );
}

function show(value: unknown): string {
  if (value === undefined) return 'every method';
  if (value === null) return 'every merchant';
  if (Array.isArray(value)) return value.map((m) => METHOD_LABELS[m as 'wallet'] ?? m).join(', ');
  if (typeof value === 'number') return Number.isNaN(value) ? '—' : value.toLocaleString('en');
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

function ruleSummary(rule: RiskRule): string {
  const op = OP_LABELS[rule.op];
  const scope = rule.merchantId ? ` for ${rule.merchantId}` : '';
  const methods = rule.methods ? ` (${show(rule.methods)} only)` : '';
  const off = rule.enabled ? '' : ' (disabled)';
  return `${rule.id}: ${featureLabel(rule.feature)} ${op.words} ${show(rule.value)} → ${ACTION_LABELS[rule.action].outcome} (${rule.reason})${scope}${methods}${off}`;
}

const FIELD_WORDS: Record<string, string> = {
  feature: 'feature',
  op: 'comparison',
  value: 'value',
  action: 'action',
  reason: 'reason',
  methods: 'methods',
  enabled: 'enabled',
  allowUpTo: 'allow up to',
  maxRefundRatio: 'refund ratio',
  maxFailureRatio: 'failure ratio',
  maxDeclineRatio: 'decline ratio',
  spikeFactor: 'spike factor',
  minAttempts: 'judged from (attempts)',
};

function changeText(field: string, from: unknown, to: unknown): string {
  if (field === 'op') {
    return `${FIELD_WORDS.op}: ${OP_LABELS[from as 'gt'].words} → ${OP_LABELS[to as 'gt'].words}`;
  }
  if (field === 'feature') {
    return `feature: ${featureLabel(from as FeatureName)} → ${featureLabel(to as FeatureName)}`;
  }
  return `${FIELD_WORDS[field] ?? field}: ${show(from)} → ${show(to)}`;
}

/** What publishing would change against the version the draft was edited from. */
function DiffView({ diff, baseVersion }: { diff: RuleSetDiff; baseVersion: number }) {
  const heading = useId();
  const entry = (e: RuleSetDiff['listsAdded'][number]) =>
    `${e.list === 'block' ? 'Block' : 'Allow'} ${LIST_KIND_LABELS[e.kind].toLowerCase()} ${e.value} (${e.reason})${e.merchantId ? ` for ${e.merchantId}` : ''}`;
  return (
    <section aria-labelledby={heading} className="card" data-testid="rules-diff">
      <h3 id={heading} className="mt-0">
        Changes against version {baseVersion}
      </h3>
      {diff.empty ? (
        <p className="m-0">No changes.</p>
      ) : (
        <ul className="m-0 grid gap-1">
          {diff.rulesAdded.map((r) => (
            <li key={`+${r.id}/${r.merchantId}`}>
              <strong>Rule added</strong> {ruleSummary(r)}
            </li>
          ))}
          {diff.rulesRemoved.map((r) => (
            <li key={`-${r.id}/${r.merchantId}`}>
              <strong>Rule removed</strong> {ruleSummary(r)}
            </li>
          ))}
          {diff.rulesChanged.map((c) => (
            <li key={`~${c.after.id}/${c.after.merchantId}`}>
              <strong>Rule changed</strong> {c.after.id}
              {c.after.merchantId ? ` for ${c.after.merchantId}` : ''}:{' '}
              {c.changes.map((x) => changeText(x.field, x.from, x.to)).join('; ')}
            </li>
          ))}
          {diff.listsAdded.map((e) => (
            <li key={`+${JSON.stringify(e)}`}>
              <strong>List entry added</strong> {entry(e)}
            </li>
          ))}
          {diff.listsRemoved.map((e) => (
            <li key={`-${JSON.stringify(e)}`}>
              <strong>List entry removed</strong> {entry(e)}
            </li>
          ))}
          {diff.fallback.length > 0 ? (
            <li>
              <strong>Default policy</strong>{' '}
              {diff.fallback.map((x) => changeText(x.field, x.from, x.to)).join('; ')}
            </li>
          ) : null}
          {diff.merchant.length > 0 ? (
            <li>
              <strong>Merchant policy</strong>{' '}
              {diff.merchant.map((x) => changeText(x.field, x.from, x.to)).join('; ')}
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function transitionText(key: string, count: number): string {
  const [from, to] = key.split('->') as [RiskAction, RiskAction];
  const payments = count === 1 ? '1 payment' : `${count.toLocaleString('en')} payments`;
  return `${payments} ${ACTION_LABELS[from]?.outcome ?? from} then would now be ${ACTION_LABELS[to]?.outcome ?? to}`;
}

/** The dry run's figures in words, with example orders; marked when the draft changed since. */
function DryRunResult({ result, current }: { result: DryRun; current: boolean }) {
  return (
    <div
      role="status"
      className={current ? 'card' : 'card border-dashed'}
      data-testid="dry-run"
      data-current={current}
    >
      <h3 className="mt-0">Dry run{current ? '' : ' (of an earlier draft)'}</h3>
      {result.evaluated === 0 ? (
        <p>There is no recent decision to replay yet: nothing would change.</p>
      ) : (
        <p>
          Of the {result.evaluated.toLocaleString('en')} most recent decisions,{' '}
          <strong>{result.changed.toLocaleString('en')}</strong> would change (
          {result.unchanged.toLocaleString('en')} unchanged, {result.skipped.toLocaleString('en')}{' '}
          skipped: no stored values to replay).
        </p>
      )}
      {Object.keys(result.transitions).length > 0 ? (
        <ul>
          {Object.entries(result.transitions).map(([t, n]) => (
            <li key={t}>{transitionText(t, n)}</li>
          ))}
        </ul>
      ) : null}
      {result.samples.length > 0 ? (
        <details>
          <summary>Examples ({result.samples.length})</summary>
          <ul>
            {result.samples.map((x) => (
              <li key={x.decisionId}>
                <OrderLink orderId={x.orderId} />: {ACTION_LABELS[x.from].outcome} →{' '}
                {ACTION_LABELS[x.to].outcome} ({x.reasons.join(', ') || 'no reason'})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
