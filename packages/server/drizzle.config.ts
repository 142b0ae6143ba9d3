import { defineConfig } from 'drizzle-kit';

// Only `generate` is used: migrations are committed and applied by `pnpm migrate`
// (drizzle-kit `push` misreads MariaDB).
export default defineConfig({
  dialect: 'mysql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
