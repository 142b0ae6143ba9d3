import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'widget/index': 'src/widget/index.ts' },
  format: ['esm', 'cjs'],
  // The ISO 4217 table is a workspace package: inlined (code and types), not a dependency.
  noExternal: ['@ducat/currencies'],
  dts: { resolve: ['@ducat/currencies'] },
  clean: true,
  sourcemap: false,
  // Neutral: no Node built-ins may sneak into a bundle meant for edge runtimes and browsers.
  platform: 'neutral',
  target: 'es2022',
  splitting: false,
  treeshake: true,
  tsconfig: 'tsconfig.build.json',
});
