import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
  // @ducat/sdk stays an import: the published CLI uses the published SDK.
  external: ['@ducat/sdk'],
});
