import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'infra',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Synthesizes both stages once; the stack tests read the templates it writes.
    globalSetup: ['./test/globalSetup.ts'],
    // Synthesizing both stages takes seconds of CPU; one file at a time keeps 2 cores responsive.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
