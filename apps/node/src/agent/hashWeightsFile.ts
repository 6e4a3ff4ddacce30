import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** One remembered hash: valid while the file keeps its size and modification time. */
const CachedHashSchema = z.object({
  size: z.number(),
  mtimeMs: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const HashCacheSchema = z.record(z.string(), CachedHashSchema);

/** The file in the state folder that remembers weights hashes, by absolute path. */
export const WEIGHTS_HASH_CACHE_FILE = 'weights-sha256.json';

/**
 * The SHA-256 (lowercase hex) of a weights file, as the node announces it in `hello` so the
 * coordinator can check it against the catalogue. Hashing a multi-gigabyte GGUF takes a while, so
 * the result is remembered in `<stateDir>/weights-sha256.json` by absolute path with the file's
 * size and modification time, and read again only when either changed.
 *
 * @param filePath - the GGUF file.
 * @param stateDir - the agent's state folder (created if missing).
 * @returns the hash and whether it came from the cache.
 * @example
 * const { sha256 } = await hashWeightsFile('.far/models/far-demo.gguf', '~/.far-node');
 */
export async function hashWeightsFile(
  filePath: string,
  stateDir: string,
): Promise<{ sha256: string; cached: boolean }> {
  const path = resolve(filePath);
  const { size, mtimeMs } = await stat(path);
  const cacheFile = join(stateDir, WEIGHTS_HASH_CACHE_FILE);
  const cache = await readCache(cacheFile);
  const known = cache[path];
  if (known && known.size === size && known.mtimeMs === mtimeMs)
    return { sha256: known.sha256, cached: true };

  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  cache[path] = { size, mtimeMs, sha256 };
  await mkdir(stateDir, { recursive: true });
  // Written aside and renamed, so two nodes sharing a state folder never read half a file.
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(cache, null, 2)}\n`);
  await rename(temporary, cacheFile);
  return { sha256, cached: false };
}

async function readCache(cacheFile: string): Promise<z.infer<typeof HashCacheSchema>> {
  try {
    const parsed = HashCacheSchema.safeParse(JSON.parse(await readFile(cacheFile, 'utf8')));
    // A damaged cache costs one re-hash, never a wrong hash.
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
