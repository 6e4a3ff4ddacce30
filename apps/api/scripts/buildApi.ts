/**
 * `npm run build -w @far/api`: bundles the API (every role: `far-api [all|api|worker|migrate]`)
 * into `dist/bin/far-api.mjs`, with the workspace packages (@far/*) inside it and every other
 * package left to node_modules, and copies the SQL migrations to `dist/drizzle`, where the bundled
 * `createDb` looks for them (`../drizzle` from the bundle). The production image runs it with plain
 * `node`: no tsx, no TypeScript, no dev dependencies.
 */
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const apiRoot = fileURLToPath(new URL('..', import.meta.url));
const distDir = `${apiRoot}dist`;

// Bare imports stay external unless they are one of ours: the workspaces export TypeScript sources.
const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@far/') ? undefined : { path: args.path, external: true },
    );
  },
};

rmSync(distDir, { recursive: true, force: true });
await build({
  absWorkingDir: apiRoot,
  entryPoints: { 'bin/far-api': 'src/main.ts' },
  outdir: distDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [externalDependencies],
  sourcemap: true,
  logLevel: 'warning',
});
cpSync(fileURLToPath(new URL('../../../packages/db/drizzle', import.meta.url)), `${distDir}/drizzle`, {
  recursive: true,
});
console.log(`built ${distDir}/bin/far-api.mjs`);
