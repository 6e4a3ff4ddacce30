import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { BuildNotStoredError, type BuildStorage } from './BuildStorage.js';

/**
 * Build storage in a folder (under DATA_DIR by default): parts are files beside the object until
 * `assemble` appends them in order.
 *
 * @param root - the folder; created on first write.
 * @returns storage whose downloads the API streams itself.
 * @example
 * const storage = createLocalBuildStorage(join(config.DATA_DIR, 'gamed', 'builds'));
 */
export function createLocalBuildStorage(root: string): BuildStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    const path = resolve(base, key);
    // Keys are made by the API, but a key that escaped the folder would read any file: refuse it.
    if (!path.startsWith(base + sep)) throw new Error(`storage key escapes the build folder: ${key}`);
    return path;
  };
  const partPath = (key: string, partNumber: number) => `${pathOf(key)}.parts${sep}${partNumber}`;
  return {
    kind: 'local',
    async putPart(key, partNumber, bytes) {
      const path = partPath(key, partNumber);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    },
    async assemble(key, partCount) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const out = createWriteStream(`${target}.assembling`);
      for (let part = 1; part <= partCount; part++) {
        for await (const chunk of createReadStream(partPath(key, part))) {
          if (!out.write(chunk)) await once(out, 'drain');
        }
      }
      await new Promise<void>((done, fail) =>
        out.end((error?: Error | null) => (error ? fail(error) : done())),
      );
      await rename(`${target}.assembling`, target);
      await rm(`${target}.parts`, { recursive: true, force: true });
    },
    async discardParts(key) {
      await rm(`${pathOf(key)}.parts`, { recursive: true, force: true });
    },
    async read(key) {
      const path = pathOf(key);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new BuildNotStoredError(key);
      return { body: createReadStream(path), sizeBytes: info.size };
    },
    async presignDownload() {
      return undefined;
    },
  };
}

/** The default folder for builds under the API's data folder. */
export const localBuildFolder = (dataDir: string) => join(dataDir, 'gamed', 'builds');
