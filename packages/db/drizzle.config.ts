import { defineConfig } from 'drizzle-kit';

// `npm run generate -w @far/db` writes SQL migrations from the TypeScript schema; they are committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
});
