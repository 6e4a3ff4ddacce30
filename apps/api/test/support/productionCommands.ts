/**
 * How each app is built and started in production, once: the production-build test runs these and
 * the Dockerfile test checks each image runs the same (`RUN <build>`, `ENTRYPOINT <start>`), so the
 * images cannot drift from what CI proves works.
 */
export const productionCommands = {
  api: {
    dockerfile: 'apps/api/Dockerfile',
    build: 'npm run build -w @far/api',
    /**
     * Followed by the role: `api`, `worker`, `migrate` (or `all`). `--no-memory-reducer`: V8 does
     * not shrink the heap of a server gone quiet (a memory-reducing mark-compact, which the first
     * requests after the quiet spell paid for, growing the heap back and likely recompiling): alternating
     * 30 s at 25 req/s with 30 s idle, the API spent 8.1 and 8.9 ms of CPU a request with it, 9.6
     * and 10.5 without, in two runs (README, thirteenth run).
     */
    start: ['node', '--no-memory-reducer', 'apps/api/dist/bin/far-api.mjs'],
  },
  web: {
    dockerfile: 'apps/web/Dockerfile',
    build: 'npm run build -w @far/web',
    /** Followed by `-p <port>`. */
    start: ['node', 'node_modules/next/dist/bin/next', 'start', 'apps/web'],
  },
  node: {
    dockerfile: 'apps/node/Dockerfile',
    build: 'npm run build -w @far/node',
    start: ['node', 'apps/node/bin/far-node.js'],
  },
} as const;
