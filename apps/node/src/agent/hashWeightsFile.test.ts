import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashWeightsFile, WEIGHTS_HASH_CACHE_FILE } from './hashWeightsFile.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'far-weights-'));
  dirs.push(dir);
  return dir;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('hashWeightsFile', () => {
  it('hashes the file once, then answers from the cache while size and mtime stay', async () => {
    const dir = await tempDir();
    const file = join(dir, 'model.gguf');
    await writeFile(file, 'weights v1');
    const first = await hashWeightsFile(file, join(dir, 'state'));
    expect(first).toEqual({ sha256: sha256('weights v1'), cached: false });
    expect(await hashWeightsFile(file, join(dir, 'state'))).toEqual({
      sha256: sha256('weights v1'),
      cached: true,
    });
    const cache = JSON.parse(await readFile(join(dir, 'state', WEIGHTS_HASH_CACHE_FILE), 'utf8'));
    expect(cache[file]).toMatchObject({ sha256: sha256('weights v1'), size: 10 });
  });

  it('hashes again when the file changed, even at the same size', async () => {
    const dir = await tempDir();
    const file = join(dir, 'model.gguf');
    await writeFile(file, 'weights v1');
    await hashWeightsFile(file, dir);
    await writeFile(file, 'weights v2');
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    expect(await hashWeightsFile(file, dir)).toEqual({ sha256: sha256('weights v2'), cached: false });
  });

  it('ignores a damaged cache file and rewrites it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'model.gguf');
    await writeFile(file, 'abc');
    await writeFile(join(dir, WEIGHTS_HASH_CACHE_FILE), '{ not json');
    expect(await hashWeightsFile(file, dir)).toEqual({ sha256: sha256('abc'), cached: false });
    expect(await hashWeightsFile(file, dir)).toMatchObject({ cached: true });
  });
});
