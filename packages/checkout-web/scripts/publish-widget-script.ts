/**
 * Before `next build`: puts the SDK's script-tag widget loader (built by `@ducat/sdk`'s build,
 * IIFE, global `Ducat`) under public/js/v1/, with its manifest `{ url, integrity, sdkVersion }`.
 * The integrity is recomputed from the very bytes copied, and must equal the one the SDK build
 * published: a mismatch stops the build rather than serving a file its hash does not describe.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { WIDGET_SCRIPT_PATH } from '../lib/widget-script';

// Files of the package, not entry points (an untyped export would fail the SDK's attw check).
const sdk = dirname(createRequire(import.meta.url).resolve('@ducat/sdk/package.json'));
const code = await readFile(resolve(sdk, 'dist/script/ducat-widget.js'));
const published = JSON.parse(
  await readFile(resolve(sdk, 'dist/script/ducat-widget.json'), 'utf8'),
) as { integrity: string; sdkVersion: string };
const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
if (integrity !== published.integrity) {
  throw new Error(`ducat-widget.js is not the file the SDK build hashed (${published.integrity})`);
}
const target = resolve(import.meta.dirname, '..', `public${WIDGET_SCRIPT_PATH}`);
await mkdir(dirname(target), { recursive: true });
await writeFile(target, code);
await writeFile(
  target.replace(/\.js$/, '.json'),
  `${JSON.stringify({ url: WIDGET_SCRIPT_PATH, integrity, sdkVersion: published.sdkVersion }, null, 2)}\n`,
);
process.stdout.write(`widget script: ${WIDGET_SCRIPT_PATH} ${integrity}\n`);
