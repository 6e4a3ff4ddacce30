import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'farcana-sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Forks, not threads: each file gets its own process and therefore its own in-process Hardhat chain.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
