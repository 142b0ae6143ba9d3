/**
 * Every bearer value the browser suite handles (session ids, checkout tokens, mailed tokens,
 * passwords, keys), appended to one file as it is seen, so the log audit that runs after the
 * suite can grep every process's log for each of them.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Where the stack writes each process's raw output (stdout and stderr, unfiltered). */
export const E2E_LOGS_DIR = resolve(root, 'test-results/e2e/logs');
export const E2E_SECRETS_FILE = resolve(root, 'test-results/e2e/secrets.jsonl');

/** Shorter values are not secrets we hand out, and would match by chance. */
const MIN_LENGTH = 8;

export function recordSecret(kind: string, value: string | undefined | null): void {
  if (!value || value.length < MIN_LENGTH) return;
  mkdirSync(dirname(E2E_SECRETS_FILE), { recursive: true });
  appendFileSync(E2E_SECRETS_FILE, `${JSON.stringify({ kind, value })}\n`);
}

/** Cookies of a browser or API context: session ids (and anything else they hold). */
export function recordCookies(cookies: { name: string; value: string }[]): void {
  for (const cookie of cookies) recordSecret(`cookie ${cookie.name}`, cookie.value);
}

/** The `token=` values of a mailed link. */
export function recordMailedTokens(text: string): void {
  for (const match of text.matchAll(/[?&]token=([^&\s]+)/g)) {
    recordSecret('mailed token', decodeURIComponent(match[1] ?? ''));
  }
}

export function recordedSecrets(): { kind: string; value: string }[] {
  if (!existsSync(E2E_SECRETS_FILE)) return [];
  const seen = new Map<string, { kind: string; value: string }>();
  for (const line of readFileSync(E2E_SECRETS_FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { kind: string; value: string };
    seen.set(entry.value, entry);
  }
  return [...seen.values()];
}

/** Every (secret, log file, line) where a secret appears verbatim or URL-encoded. */
export function findLeaks(
  logs: { file: string; text: string }[],
  secrets: { kind: string; value: string }[],
): { kind: string; file: string; line: string }[] {
  const leaks: { kind: string; file: string; line: string }[] = [];
  for (const secret of secrets) {
    const forms = new Set([secret.value, encodeURIComponent(secret.value)]);
    for (const log of logs) {
      for (const form of forms) {
        const at = log.text.indexOf(form);
        if (at < 0) continue;
        const start = log.text.lastIndexOf('\n', at) + 1;
        const end = log.text.indexOf('\n', at);
        const line = log.text.slice(start, end < 0 ? undefined : end);
        leaks.push({ kind: secret.kind, file: log.file, line: line.replace(form, '<SECRET>') });
        break;
      }
    }
  }
  return leaks;
}
