import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, type StubServer, startStubServer } from './stub-server.js';

const run = promisify(execFile);
const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(SDK_DIR, 'node_modules', '.bin');
const MERCHANT_ID = 'mch_1111111111111111111111';
const KEY = 'dk_test_packed-packed-packed-packed-packed-pa';

/** Other runtimes found on PATH (none is required). */
const OTHER_RUNTIMES = [
  { name: 'bun', bin: 'bun', args: [] as string[] },
  { name: 'deno', bin: 'deno', args: ['run', '--allow-net', '--allow-read', '--allow-env'] },
].filter((r) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, r.bin))),
);

let scratch: string;
let tarball: string;
let stub: StubServer;

// The consumer scripts: the same checks from ESM and from CommonJS, through the installed tarball.
const CHECKS = `
const secret = 'dwhsec_test_scratch';
const body = JSON.stringify({ id: 'evt_1', type: 'order.checkout_success', created: 1,
  livemode: false, seq: 1, data: { order: { id: 'ord_1' } } });
const header = await sdk.webhooks.generateTestHeader({ payload: body, secret });
const event = await sdk.webhooks.verify(body, header, secret);
let refused = '';
try { await sdk.webhooks.verify(body + ' ', header, secret); }
catch (e) { refused = e instanceof sdk.SignatureVerificationError ? e.code : 'wrong class'; }
const ducat = new sdk.Ducat({ merchantId: '${MERCHANT_ID}', merchantKey: '${KEY}',
  baseUrl: process.env.BASE, initialRetryDelayMs: 10 });
const balance = await ducat.balance.get();
let notFound = '';
try { await ducat.orders.get('ord_missing'); }
catch (e) { notFound = e instanceof sdk.NotFoundError && e instanceof sdk.DucatError ? e.code : 'wrong class'; }
console.log(JSON.stringify({ event: event.id, refused, balance, notFound,
  widget: typeof widget.mountCheckout + ',' + typeof widget.openCheckoutPopup,
  version: sdk.VERSION }));
`;

beforeAll(async () => {
  // What `npm publish` would ship: a fresh build, packed.
  await run(path.join(BIN, 'tsup'), [], { cwd: SDK_DIR });
  scratch = await mkdtemp(path.join(tmpdir(), 'ducat-sdk-pack-'));
  await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: SDK_DIR });
  const file = (await readdir(scratch)).find((f) => f.endsWith('.tgz'));
  if (!file) throw new Error('no tarball');
  tarball = path.join(scratch, file);
  const project = path.join(scratch, 'project');
  await run('mkdir', ['-p', project]);
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }),
  );
  // No runtime dependencies, so this needs no registry.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project });
  await writeFile(
    path.join(project, 'esm.mjs'),
    `import * as sdk from '@ducat/sdk';\nimport * as widget from '@ducat/sdk/widget';\n${CHECKS}`,
  );
  await writeFile(
    path.join(project, 'cjs.cjs'),
    `const sdk = require('@ducat/sdk');\nconst widget = require('@ducat/sdk/widget');\n(async () => {\n${CHECKS}\n})().catch((e) => { console.error(e); process.exit(1); });`,
  );
  // The API stand-in checks the JWT the packaged client minted, as the platform would.
  stub = await startStubServer((index, req, res) => {
    const [head, payload, signature] = String(req.headers.authorization)
      .replace('Bearer ', '')
      .split('.');
    const expected = createHmac('sha256', KEY).update(`${head}.${payload}`).digest('base64url');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as {
      iss: string;
    };
    if (signature !== expected || claims.iss !== MERCHANT_ID) {
      json(res, 401, { error: { code: 'jwt_signature_invalid', message: 'no', requestId: 'r' } });
    } else if (req.url.startsWith('/v1/orders/')) {
      json(res, 404, {
        error: { code: 'order_not_found', message: 'No such order.', requestId: 'r' },
      });
    } else if (index === 0) {
      // The packaged client retries too.
      json(res, 503, { error: { code: 'service_unavailable', message: 'later', requestId: 'r' } });
    } else {
      json(res, 200, [{ currency: 'EUR', balance: 10, pending: 0, available: 10 }]);
    }
  });
}, 180_000);

afterAll(async () => {
  await stub?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships only the build, the README and package.json', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout.trim().split('\n').sort();
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.cjs');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/dist/index.d.cts');
    expect(files).toContain('package/dist/widget/index.js');
    expect(files).toContain('package/README.md');
    expect(files.filter((f) => !f.startsWith('package/dist/'))).toEqual([
      'package/README.md',
      'package/package.json',
    ]);
  });

  it.each([
    ['ESM', 'esm.mjs'],
    ['CommonJS', 'cjs.cjs'],
  ])('installs in a scratch project and works when imported from %s', async (_kind, script) => {
    stub.requests.length = 0;
    const { stdout } = await run(process.execPath, [script], {
      cwd: path.join(scratch, 'project'),
      env: { ...process.env, BASE: stub.base },
    });
    expect(JSON.parse(stdout)).toEqual({
      event: 'evt_1',
      refused: 'signature_mismatch',
      balance: [{ currency: 'EUR', balance: 10, pending: 0, available: 10 }],
      notFound: 'order_not_found',
      widget: 'function,function',
      version: '0.1.0',
    });
  });

  // Bun and Deno are not dependencies of this repository: the check runs where they are installed
  // (on PATH), e.g. a developer machine or a CI image that has them.
  it.each(OTHER_RUNTIMES.map((r) => [r.name, r]))(
    'works under %s (fetch and WebCrypto only)',
    async (_name, runtime) => {
      stub.requests.length = 0;
      await writeFile(
        path.join(scratch, 'project', 'runtime.mjs'),
        `import * as sdk from '@ducat/sdk';\nimport * as widget from '@ducat/sdk/widget';\n${CHECKS.replace('process.env.BASE', JSON.stringify(stub.base))}`,
      );
      const { stdout } = await run(runtime.bin, [...runtime.args, 'runtime.mjs'], {
        cwd: path.join(scratch, 'project'),
      });
      expect(JSON.parse(stdout)).toMatchObject({
        event: 'evt_1',
        refused: 'signature_mismatch',
        notFound: 'order_not_found',
      });
    },
  );

  it('passes publint (strict) and are-the-types-wrong', async () => {
    await run(path.join(BIN, 'publint'), ['--strict'], { cwd: SDK_DIR });
    const { stdout } = await run(path.join(BIN, 'attw'), [tarball, '--format', 'json'], {
      cwd: SDK_DIR,
    });
    const report = JSON.parse(stdout) as { problems?: Record<string, unknown> };
    expect(report.problems ?? {}).toEqual({});
  });

  it('keeps Node built-ins out of the core and widget bundles (edge runtimes)', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/widget/index.js']) {
      const code = await readFile(path.join(SDK_DIR, file), 'utf8');
      expect(code, file).not.toMatch(
        /(?:from|require\(|import\()\s*['"](?:node:|crypto['"]|buffer['"])/,
      );
    }
  });
});
