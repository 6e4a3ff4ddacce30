import { defineConfig } from 'vitest/config';

// One test command for the whole repo: every workspace is a Vitest project with its own config.
export default defineConfig({
  test: {
    projects: ['{packages/*,apps/*,e2e,infra}/vitest.config.ts'],
  },
});
