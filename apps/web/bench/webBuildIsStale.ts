import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Newest modification time under `dir`, skipping build output and dependencies. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // Build output and files the build itself rewrites don't make a build stale.
    if (
      ['.next', 'node_modules', 'next-env.d.ts'].includes(entry.name) ||
      entry.name.endsWith('.tsbuildinfo')
    )
      continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether the web app's production build is missing or older than its sources or the shared
 * packages it compiles in, so a benchmark or a local network never serves yesterday's pages.
 * @param webDir - the web app's folder (`apps/web`)
 * @returns true when `next build` must run first
 * @example
 * if (webBuildIsStale(webDir)) await build();
 */
export function webBuildIsStale(webDir: string): boolean {
  const buildId = join(webDir, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return [webDir, join(repoRoot, 'packages/contracts/src'), join(repoRoot, 'packages/protocol/src')].some(
    (dir) => newestMtime(dir) > built,
  );
}
