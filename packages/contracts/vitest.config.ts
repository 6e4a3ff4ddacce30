import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineProject({
  test: {
    name: 'contracts',
    root,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Compiles the Solidity sources once before any test file loads artifacts.
    globalSetup: ['./test/globalSetup.ts'],
    env: { HARDHAT_CONFIG: `${root}hardhat.config.cjs` },
    // Forks, not threads: each file gets its own process and therefore its own in-process Hardhat chain.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
