import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildDemoModelOptions, buildDemoModel } from './buildDemoModel.js';
import { DemoModelError } from './demoModelError.js';

/** Where `npm run build:model` puts the demo model, relative to the repository root. */
export const defaultDemoModelPath = fileURLToPath(
  new URL('../../../../.far/models/far-demo.gguf', import.meta.url),
);

export type EnsureDemoModelResult = {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** False when a file with the expected hash was already there. */
  written: boolean;
};

/**
 * Makes sure the demo model exists at `outPath` with the bytes this source builds: builds it in
 * memory (fast, deterministic), compares hashes, and only (re)writes on a mismatch. The write goes
 * to a temporary file renamed into place, so concurrent callers never see a half-written model.
 * @param options `outPath` (default `.far/models/far-demo.gguf`) and build options
 * @returns the path, hash, size and whether the file was written
 * @example
 * const { path } = await ensureDemoModel();
 */
export async function ensureDemoModel(
  options: { outPath?: string } & BuildDemoModelOptions = {},
): Promise<EnsureDemoModelResult> {
  const outPath = path.resolve(options.outPath ?? defaultDemoModelPath);
  const model = buildDemoModel(options);
  const existing = await hashFile(outPath);
  if (existing === model.sha256) {
    return { path: outPath, sha256: model.sha256, sizeBytes: model.bytes.length, written: false };
  }
  const temporaryPath = `${outPath}.${process.pid}.${Date.now()}.tmp`;
  try {
    await mkdir(path.dirname(outPath), { recursive: true });
    await writeFile(temporaryPath, model.bytes);
    await rename(temporaryPath, outPath);
  } catch (cause) {
    await rm(temporaryPath, { force: true });
    throw new DemoModelError('MODEL_WRITE_FAILED', `could not write the demo model to ${outPath}`, { cause });
  }
  return { path: outPath, sha256: model.sha256, sizeBytes: model.bytes.length, written: true };
}

async function hashFile(filePath: string): Promise<string | undefined> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
