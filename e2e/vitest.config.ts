import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    globalSetup: ['./globalSetup.ts'],
    // Builds the web app and starts chain + API + node on first use; one browser flow at a time.
    hookTimeout: 900_000,
    testTimeout: 300_000,
    fileParallelism: false,
  },
});
