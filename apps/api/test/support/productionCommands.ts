/**
 * How each app is built and started in production, once: the production-build test runs these and
 * the Dockerfile test checks each image runs the same (`RUN <build>`, `ENTRYPOINT <start>`), so the
 * images cannot drift from what CI proves works.
 */
export const productionCommands = {
  api: {
    dockerfile: 'apps/api/Dockerfile',
    build: 'npm run build -w @far/api',
    /** Followed by the role: `api`, `worker`, `migrate` (or `all`). */
    start: ['node', 'apps/api/dist/bin/far-api.mjs'],
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
