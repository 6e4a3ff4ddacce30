import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Loading llama.cpp and evaluating the demo model on 2 shared cores takes seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // node-llama-cpp is a native addon; forks keep each test file's copy of it in its own process.
    pool: 'forks',
  },
});
