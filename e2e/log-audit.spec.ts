import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_LOGS_DIR, findLeaks, recordedSecrets } from './secrets';

/**
 * Runs after both browser projects (its project depends on them): every token, key, secret,
 * password and session id the suite used must appear in no process's log (API, sandbox, both
 * web apps, the store, the stack), verbatim or URL-encoded.
 */
test('no log line of any process holds a secret the browser suite used', async () => {
  // The stack's output reaches its files asynchronously; give the last lines a moment.
  await new Promise((r) => setTimeout(r, 1_000));
  const logs = readdirSync(E2E_LOGS_DIR)
    .filter((name) => name.endsWith('.log'))
    .map((name) => ({ file: name, text: readFileSync(resolve(E2E_LOGS_DIR, name), 'utf8') }));
  expect(logs.map((l) => l.file)).toEqual(
    expect.arrayContaining(['api.log', 'checkout-web.log', 'admin-web.log', 'stack.log']),
  );
  const secrets = recordedSecrets();
  const kinds = new Set(secrets.map((s) => s.kind.split(' ')[0]));
  // The suite really handed these out (else this test would pass by seeing nothing).
  for (const kind of ['canary', 'merchant', 'webhook', 'checkout', 'password', 'cookie', 'csrf']) {
    expect(kinds, `recorded secrets of kind ${kind}`).toContain(kind);
  }
  const leaks = findLeaks(logs, secrets);
  // The canary is written to the stack's log on purpose: finding it proves the grep works.
  expect(leaks.filter((l) => l.kind === 'canary').map((l) => l.file)).toEqual(['stack.log']);
  expect(leaks.filter((l) => l.kind !== 'canary')).toEqual([]);
});
