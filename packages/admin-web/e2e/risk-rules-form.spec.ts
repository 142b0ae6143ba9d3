import type { Locator, Page } from '@playwright/test';
import { auditState } from '../../../e2e/audit';
import { expect, test } from '../../../e2e/fixtures';
import { exclusively } from '../../../e2e/platform';
import { E2E_URLS } from '../../../e2e/ports';
import { recordCookies } from '../../../e2e/secrets';
import {
  ApiSession,
  createOrder,
  createPlatformStaff,
  DEMO,
  demoKeys,
  signIn,
  startProviderPayment,
  unique,
} from './support';

type LiveRules = {
  version: number;
  ruleSet: {
    rules: { id: string; merchantId: string | null; value: number; action: string; op: string }[];
  };
};
type Version = { version: number; note: string | null };

// Above anything another browser test pays (999,999.99 EUR), and for the demo merchant only: no
// other test's payment is held for review by this rule while it is live.
const THRESHOLD = 99_999_999;
const DIR = 'admin/risk-rules';

async function liveRules(api: ApiSession): Promise<LiveRules> {
  return api.ok<LiveRules>('query', 'admin.risk.rules.get');
}

/** The editor's publish button (outside the dialog): outline until the dry run has been seen. */
function publishButton(page: Page, version: number): Locator {
  return page
    .getByRole('form', { name: 'Rule set' })
    .getByRole('button', { name: `Publish as version ${version}` });
}

async function dryRunAndPublish(page: Page, version: number, note: string): Promise<void> {
  await page.getByRole('button', { name: 'Dry run', exact: true }).click();
  await expect(page.getByTestId('dry-run')).toHaveAttribute('data-current', 'true');
  await expect(page.getByTestId('dry-run')).toContainText(
    /most recent decisions|no recent decision/,
  );
  await expect(publishButton(page, version)).toHaveClass(/bg-primary/);
  await publishButton(page, version).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Publish the rules as version ${version}?`);
  await expect(dialog).toContainText('The dry run of this draft changed');
  await dialog.getByLabel('Note (optional)').fill(note);
  await dialog.getByRole('button', { name: `Publish as version ${version}` }).click();
  await expect(page.getByText(`Live version: ${version}`, { exact: true })).toBeVisible();
  await expect(page.getByTestId('rules-diff')).toContainText('No changes.');
}

test('an admin adds a rule in the form, sees the diff, dry runs, publishes it, then removes it again; support sees the form read-only', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  // No other test publishes rules meanwhile (the checkout's blocked-shopper test does).
  await exclusively('risk-rules', async () => {
    const api = await ApiSession.staff(DEMO.admin.email, DEMO.admin.password);
    const before = await liveRules(api);
    const { merchantId } = demoKeys();
    const ruleId = `e2e_huge_${unique()}`;
    // A recent decision for the dry run to replay: a card payment started on a demo-merchant order.
    const { orderId, token } = await createOrder(demoKeys(), 5_000);
    await startProviderPayment(token);

    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.goto('/admin/risk');
    const form = page.getByRole('form', { name: 'Rule set' });
    await expect(page.getByText(`Live version: ${before.version}`, { exact: true })).toBeVisible();
    await expect(page.getByTestId('rules-diff')).toContainText('No changes.');
    // Nothing to publish yet: the draft is the live version.
    await expect(publishButton(page, before.version + 1)).toBeDisabled();

    // A new rule, typed field by field: amount ≥ 0 (for a dry run), then ≥ 99,999,999 → hold for
    // review, for the demo merchant only.
    await form.getByRole('button', { name: 'Add a rule' }).click();
    const rule = form.getByRole('group', { name: `Rule ${before.ruleSet.rules.length + 1}` });
    await rule.getByLabel('Rule id').fill(ruleId);
    await rule.getByLabel('When', { exact: true }).selectOption('amount');
    await rule.getByLabel('Is', { exact: true }).selectOption('gte');
    await rule.getByLabel('Value', { exact: true }).fill('0');
    await expect(rule).toContainText('In minor units');
    await rule.getByLabel('Then', { exact: true }).selectOption('review');
    // A mistake is caught next to its field before any request.
    await rule.getByLabel('Reason').fill('Huge Amount');
    await rule.getByLabel('Reason').blur();
    await expect(rule.getByText(/A reason code: 2 to 60 lower case letters/)).toBeVisible();
    await expect(rule.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true');
    await rule.getByLabel('Reason').fill('e2e_huge_amount');
    await expect(rule.getByLabel('Reason')).not.toHaveAttribute('aria-invalid', 'true');
    await rule.getByLabel('Merchant (optional)').fill(merchantId);
    await expect(rule.getByLabel('Wallet')).toBeChecked();
    await expect(rule.getByLabel('Card at a provider')).toBeChecked();

    // Amount above 0: the dry run says the payment above would now be held, and links its order.
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    const dryRun = page.getByTestId('dry-run');
    await expect(dryRun).toHaveAttribute('data-current', 'true');
    await expect(dryRun).toContainText(/payments? allowed then would now be held for review/);
    await dryRun.getByText(/^Examples/).click();
    await expect(dryRun.locator(`a[href="/admin/orders/${orderId}"]`)).toBeVisible();
    await auditState(page, DIR, 'dry-run-changes');
    // The real threshold: the draft changed, so that dry run no longer counts.
    await rule.getByLabel('Value', { exact: true }).fill(String(THRESHOLD));
    await expect(dryRun).toHaveAttribute('data-current', 'false');
    await expect(dryRun).toContainText('of an earlier draft');

    const diff = page.getByTestId('rules-diff');
    await expect(diff).toContainText(`Changes against version ${before.version}`);
    await expect(diff).toContainText(
      `Rule added ${ruleId}: Amount at least 99,999,999 → held for review (e2e_huge_amount) for ${merchantId}`,
    );
    // Publishing is the secondary action until a dry run of this draft has been seen.
    await expect(publishButton(page, before.version + 1)).toHaveClass(/bg-surface/);
    await expect(page.getByTestId('publish-hint')).toHaveText(
      /You changed the draft after the dry run/,
    );
    await auditState(page, DIR, 'draft');
    await page.setViewportSize({ width: 390, height: 844 });
    await auditState(page, DIR, 'draft');
    await page.setViewportSize({ width: 1280, height: 800 });

    // A dry run; then an edit makes it stale (publish secondary again, and it says so).
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await expect(page.getByTestId('dry-run')).toHaveAttribute('data-current', 'true');
    await expect(publishButton(page, before.version + 1)).toHaveClass(/bg-primary/);
    await expect(page.getByTestId('publish-hint')).toHaveText(
      'The dry run above is of this draft.',
    );
    await auditState(page, DIR, 'dry-run');
    await rule.getByLabel('Value', { exact: true }).fill(String(THRESHOLD + 1));
    await expect(page.getByTestId('dry-run')).toHaveAttribute('data-current', 'false');
    await expect(page.getByTestId('publish-hint')).toHaveText(
      /You changed the draft after the dry run/,
    );
    await expect(publishButton(page, before.version + 1)).toHaveClass(/bg-surface/);
    // Back to the draft that was dry run: its result holds again.
    await rule.getByLabel('Value', { exact: true }).fill(String(THRESHOLD));
    await expect(page.getByTestId('dry-run')).toHaveAttribute('data-current', 'true');
    await expect(publishButton(page, before.version + 1)).toHaveClass(/bg-primary/);

    await dryRunAndPublish(page, before.version + 1, `e2e: ${ruleId}`);
    const published = await liveRules(api);
    expect(published.version).toBe(before.version + 1);
    expect(published.ruleSet.rules.find((r) => r.id === ruleId)).toMatchObject({
      merchantId,
      op: 'gte',
      value: THRESHOLD,
      action: 'review',
    });
    const versions = await api.ok<Version[]>('query', 'admin.risk.rules.versions', { limit: 5 });
    expect(versions[0]).toMatchObject({ version: published.version, note: `e2e: ${ruleId}` });
    await expect(page.getByTestId('rule-versions')).toContainText(`e2e: ${ruleId}`);
    await auditState(page, DIR, 'published');

    // Support sees the same form, every field disabled, and no way to change or publish.
    const support = await createPlatformStaff('support');
    const supportContext = await browser.newContext({
      baseURL: E2E_URLS.admin,
      reducedMotion: 'reduce',
      viewport: { width: 1280, height: 800 },
    });
    const supportPage = await supportContext.newPage();
    await signIn(supportPage, support.email, support.password);
    await supportPage.goto('/admin/risk');
    const readOnly = supportPage
      .getByRole('form', { name: 'Rule set' })
      .getByRole('group', { name: new RegExp(`Rule \\d+: ${ruleId}`) });
    await expect(readOnly.getByLabel('Rule id')).toHaveValue(ruleId);
    await expect(readOnly.getByLabel('Rule id')).toBeDisabled();
    await expect(readOnly.getByLabel('Value', { exact: true })).toBeDisabled();
    await expect(readOnly.getByLabel('When', { exact: true })).toBeDisabled();
    await expect(supportPage.getByText('only an admin can change and publish them')).toBeVisible();
    await expect(
      supportPage.getByRole('button', { name: /Publish as version|Dry run|Add a rule|Remove/ }),
    ).toHaveCount(0);
    await auditState(supportPage, DIR, 'support');
    await supportPage.setViewportSize({ width: 390, height: 844 });
    await auditState(supportPage, DIR, 'support');
    recordCookies(await supportContext.cookies());
    await supportContext.close();

    // The admin removes the rule again, so the platform is left as it was.
    await page.reload();
    const ours = form.getByRole('group', { name: new RegExp(`Rule \\d+: ${ruleId}`) });
    await ours.getByRole('button', { name: /^Remove rule \d+$/ }).click();
    await expect(diff).toContainText(`Rule removed ${ruleId}`);
    await expect(publishButton(page, before.version + 2)).toHaveClass(/bg-surface/);

    // Meanwhile someone else publishes (the same rules, as version +2): the editor's base is stale.
    await api.ok('mutation', 'admin.risk.rules.publish', {
      baseVersion: published.version,
      ruleSet: published.ruleSet,
      note: 'e2e: someone else',
    });
    await page.getByRole('button', { name: 'Dry run', exact: true }).click();
    await publishButton(page, before.version + 2).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: `Publish as version ${before.version + 2}` })
      .click();
    const stale = page.getByRole('alert').filter({ hasText: 'Someone else published' });
    await expect(stale).toContainText(
      `Someone else published version ${before.version + 2} while you edited version ${before.version + 1}.`,
    );
    await expect(stale).toContainText('Nothing of yours was published.');
    await expect(publishButton(page, before.version + 2)).toBeDisabled();
    await auditState(page, DIR, 'stale');
    await stale.getByRole('button', { name: `Load version ${before.version + 2}` }).click();
    await expect(stale).toHaveCount(0);
    await expect(diff).toContainText('No changes.');

    // Again from the latest version: remove the rule, dry run, publish.
    await ours.getByRole('button', { name: /^Remove rule \d+$/ }).click();
    await expect(diff).toContainText(`Rule removed ${ruleId}`);
    await dryRunAndPublish(page, before.version + 3, `e2e: remove ${ruleId}`);
    const after = await liveRules(api);
    expect(after.version).toBe(before.version + 3);
    expect(after.ruleSet.rules).toEqual(before.ruleSet.rules);
    await api.dispose();
  });
});
