import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'farcana-game',
    include: ['src/**/*.test.ts'],
  },
});
