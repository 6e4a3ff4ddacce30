import { execSync } from 'node:child_process';
import { productionCommands } from '../../test/support/productionCommands.js';
import { repoRoot } from '../../test/support/startTestNetwork.js';

let built = false;

/**
 * Node's arguments for the API as the benchmarks run it: the production bundle, role `all`, as
 * the image runs it (`far-api.mjs`, built here once per process so it is never stale), unless
 * `BENCH_API=sources` asks for the TypeScript sources through tsx (TypeScript frames in a
 * profile). `BENCH_API_NODE_ARGS` (space-separated) and `BENCH_CPU_PROF` (a folder for a V8 CPU
 * profile, written when the API stops) go in front.
 *
 * Why the bundle: it is what production runs. Through tsx the API also kept every module's
 * source and source map in its heap (66 MB live after a mark-compact under load, 54 MB for the
 * bundle) and ran tsx's loader thread beside it.
 *
 * @returns the arguments after `node`.
 * @example
 * const api = await spawnApiProcess({ env, args: apiCommandArgs() });
 */
export function apiCommandArgs(): string[] {
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
    : [];
  const extra = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  if (process.env.BENCH_API === 'sources')
    return [...profile, ...extra, '--import', 'tsx', 'apps/api/src/main.ts'];
  if (!built) {
    execSync(productionCommands.api.build, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  const [, ...start] = productionCommands.api.start;
  return [...profile, ...extra, ...start, 'all'];
}
