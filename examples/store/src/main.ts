/**
 * `pnpm dev` (repository root, or `pnpm --filter @ducat/example-store dev`): the example store on
 * :3002 with the demo merchant's test keys. Keys come from DUCAT_MERCHANT_ID, DUCAT_API_KEY and
 * DUCAT_WEBHOOK_SECRET, or else from the `.ducat-demo.json` the demo seed writes.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ducat } from '@ducat/sdk';
import { createStore } from './store.js';

type Keys = { merchantId: string; apiKey: string; webhookSecret: string };

const DEMO_FILE = fileURLToPath(new URL('../../../.ducat-demo.json', import.meta.url));

async function demoKeys(): Promise<Keys | undefined> {
  try {
    return JSON.parse(await readFile(DEMO_FILE, 'utf8')) as Keys;
  } catch {
    return undefined;
  }
}

async function keys(): Promise<Keys> {
  const { DUCAT_MERCHANT_ID, DUCAT_API_KEY, DUCAT_WEBHOOK_SECRET } = process.env;
  if (DUCAT_MERCHANT_ID && DUCAT_API_KEY && DUCAT_WEBHOOK_SECRET) {
    return {
      merchantId: DUCAT_MERCHANT_ID,
      apiKey: DUCAT_API_KEY,
      webhookSecret: DUCAT_WEBHOOK_SECRET,
    };
  }
  // Under `pnpm dev` the server seeds the demo (and writes the file) while this starts.
  for (let waited = 0; waited < 120; waited++) {
    const found = await demoKeys();
    if (found) return found;
    if (waited === 0) process.stderr.write(`store: waiting for ${DEMO_FILE} (the demo seed)…\n`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(
    `No merchant keys: set DUCAT_MERCHANT_ID, DUCAT_API_KEY and DUCAT_WEBHOOK_SECRET, or run the demo seed (pnpm dev) to write ${DEMO_FILE}.`,
  );
}

const port = Number(process.env.STORE_PORT ?? 3002);
const { merchantId, apiKey, webhookSecret } = await keys();
const ducat = new Ducat({
  merchantId,
  merchantKey: apiKey,
  baseUrl: process.env.DUCAT_API_URL ?? 'http://localhost:4000',
});
let widgetScript: string | undefined;
try {
  widgetScript = fileURLToPath(import.meta.resolve('@ducat/sdk/widget'));
} catch {
  widgetScript = undefined;
}
const store = createStore({
  ducat,
  webhookSecret,
  publicUrl: process.env.STORE_PUBLIC_URL ?? `http://localhost:${port}`,
  checkoutUrl: process.env.DUCAT_CHECKOUT_URL ?? 'http://localhost:3000',
  widgetScript,
  log: (line) => process.stderr.write(`store: ${line}\n`),
});
await store.listen(port);
process.stdout.write(
  `Example store  http://localhost:${port}  (merchant ${merchantId}, ${ducat.mode} mode)\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void store.close().then(() => process.exit(0));
  });
}
