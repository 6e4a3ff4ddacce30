import { execSync } from 'node:child_process';
import { productionCommands } from '../../test/support/productionCommands.js';
import { repoRoot } from '../../test/support/startTestNetwork.js';

let built = false;

/**
 * Node's arguments for the API as the benchmarks run it: the production bundle, role `all`, as
 * the image runs it (`far-api.mjs`, built here once per process so it is never stale), unless
 * `BENCH_API=sources` asks for the TypeScript sources through tsx (TypeScript frames in a
 * profile). `nodeOptions` (e.g. the caller's CPU-profile flags) and `BENCH_API_NODE_ARGS`
 * (space-separated) go in front.
 *
 * Why the bundle: it is what production runs. Through tsx the API also kept every module's
 * source and source map in its heap (66 MB live after a mark-compact under load, 54 MB for the
 * bundle) and ran tsx's loader thread beside it.
 *
 * @param nodeOptions - Node options to put first.
 * @returns the arguments after `node`.
 * @example
 * const api = await spawnApiProcess({ env, args: apiCommandArgs(['--cpu-prof']) });
 */
export function apiCommandArgs(nodeOptions: readonly string[] = []): string[] {
  const options = [...nodeOptions, ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  if (process.env.BENCH_API === 'sources') return [...options, '--import', 'tsx', 'apps/api/src/main.ts'];
  if (!built) {
    execSync(productionCommands.api.build, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  const [, ...start] = productionCommands.api.start;
  return [...options, ...start, 'all'];
}
