/**
 * `pnpm lighthouse`: Lighthouse (the npm package) in Debian's Chromium on the production build
 * of the checkout app, on a fresh stack (e2e/stack.ts): the hosted checkout page (an order
 * created through the example store, its /pay/<token> page), the sign-in page and the wallet
 * pages of a signed-in demo shopper (/wallet, /wallet/orders, /wallet/cards, /wallet/profile),
 * each audited with Lighthouse's mobile (default) and desktop settings. Prints one JSON line per
 * page and form with the four scores, writes the HTML reports under
 * test-results/lighthouse/, and fails below the bar: performance 90, accessibility 100, best
 * practices 95 (each run gets up to three tries; the machine is shared, timings wobble).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig } from 'lighthouse';
import { E2E_URLS } from './ports';

const BAR = { performance: 0.9, accessibility: 1, 'best-practices': 0.95 } as const;
const root = resolve(import.meta.dirname, '..');
const log = (line: string) => process.stderr.write(`[lighthouse] ${line}\n`);

async function until(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** A fresh checkout link, made the way a shopper gets one: "Buy" at the example store. */
async function checkoutLink(): Promise<string> {
  const response = await fetch(`${E2E_URLS.store}/buy`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ productId: 'tee', mode: 'redirect' }),
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) throw new Error(`store answered ${response.status}`);
  return location;
}

/** The demo shopper's session cookie, sent with the wallet pages' requests. */
async function shopperCookie(): Promise<string> {
  const response = await fetch(`${E2E_URLS.api}/trpc/account.logIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bob@demo.ducat.local', password: 'ducat-shopper-demo' }),
  });
  if (!response.ok) throw new Error(`account.logIn answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

type Page = { name: string; url: () => Promise<string>; cookie?: boolean };

const PAGES: Page[] = [
  { name: 'checkout', url: checkoutLink },
  { name: 'signin', url: async () => `${E2E_URLS.checkout}/signin` },
  ...['wallet', 'wallet/orders', 'wallet/cards', 'wallet/profile'].map((path) => ({
    name: path.replace('/', '-'),
    url: async () => `${E2E_URLS.checkout}/${path}`,
    cookie: true,
  })),
];

type Scores = Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number>;

async function audit(
  chromePort: number,
  page: Page,
  form: 'mobile' | 'desktop',
  cookie: string,
): Promise<Scores> {
  const url = await page.url();
  const result = await lighthouse(
    url,
    {
      port: chromePort,
      output: 'html',
      logLevel: 'error',
      ...(page.cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    },
    form === 'desktop' ? desktopConfig : undefined,
  );
  if (!result) throw new Error('lighthouse gave no result');
  const { categories } = result.lhr;
  const scores = {
    performance: categories.performance?.score ?? 0,
    accessibility: categories.accessibility?.score ?? 0,
    'best-practices': categories['best-practices']?.score ?? 0,
    seo: categories.seo?.score ?? 0,
  };
  const report = Array.isArray(result.report) ? result.report[0] : result.report;
  mkdirSync(resolve(root, 'test-results/lighthouse'), { recursive: true });
  writeFileSync(resolve(root, `test-results/lighthouse/${page.name}-${form}.html`), report ?? '');
  for (const [id, audit] of Object.entries(result.lhr.audits)) {
    if (audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative') {
      const inCategory = Object.values(categories).some((c) =>
        c.auditRefs.some((ref) => ref.id === id && ref.weight > 0),
      );
      if (inCategory) log(`${page.name} ${form}: ${id} ${audit.score} ${audit.displayValue ?? ''}`);
    }
  }
  return scores;
}

const passes = (s: Scores) =>
  s.performance >= BAR.performance &&
  s.accessibility >= BAR.accessibility &&
  s['best-practices'] >= BAR['best-practices'];

async function main(): Promise<number> {
  const stack: ChildProcess = spawn('node', ['--import', 'tsx', 'e2e/stack.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: process.env,
  });
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    await until(E2E_URLS.ready, 240_000);
    chrome = await chromeLauncher.launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
    });
    const cookie = await shopperCookie();
    let ok = true;
    for (const page of PAGES) {
      for (const form of ['mobile', 'desktop'] as const) {
        let scores: Scores | undefined;
        for (let attempt = 1; attempt <= 3; attempt++) {
          scores = await audit(chrome.port, page, form, cookie);
          if (passes(scores)) break;
          log(`${page.name} ${form} attempt ${attempt} below the bar: ${JSON.stringify(scores)}`);
        }
        if (!scores) continue;
        const line = { bench: 'lighthouse', page: page.name, form, ...scores, ok: passes(scores) };
        process.stdout.write(`${JSON.stringify(line)}\n`);
        ok &&= line.ok;
      }
    }
    return ok ? 0 : 1;
  } finally {
    await chrome?.kill();
    stack.kill('SIGTERM');
    await new Promise((r) => stack.once('exit', r));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(String(error instanceof Error ? error.stack : error));
    process.exit(1);
  },
);
