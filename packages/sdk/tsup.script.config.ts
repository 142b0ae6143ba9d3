import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

const OUT_DIR = 'dist/script';

/**
 * The widget loader for a plain `<script>` tag (IIFE, global `Ducat`), built after the ESM/CJS
 * entries (`pnpm build` runs both configs). Its SRI hash is computed here, at build time, into
 * `ducat-widget.json`; the checkout app serves both at /js/v1/ (see its README section).
 */
export default defineConfig({
  entry: { 'ducat-widget': 'src/widget/global.ts' },
  format: ['iife'],
  globalName: 'Ducat',
  outDir: OUT_DIR,
  outExtension: () => ({ js: '.js' }),
  // The ESM/CJS build owns dist/; this one only adds dist/script/.
  clean: false,
  dts: false,
  minify: true,
  sourcemap: false,
  platform: 'browser',
  target: 'es2020',
  splitting: false,
  treeshake: true,
  tsconfig: 'tsconfig.build.json',
  async onSuccess() {
    const code = await readFile(`${OUT_DIR}/ducat-widget.js`);
    const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    await writeFile(
      `${OUT_DIR}/ducat-widget.json`,
      `${JSON.stringify({ file: 'ducat-widget.js', integrity, sdkVersion: version }, null, 2)}\n`,
    );
  },
});
