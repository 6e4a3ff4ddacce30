import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDemoModel } from './ensureDemoModel.js';

const directory = await mkdtemp(path.join(tmpdir(), 'far-demo-model-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('ensureDemoModel', () => {
  it('writes the model once, skips an identical file and replaces a damaged one', async () => {
    const outPath = path.join(directory, 'nested', 'far-demo.gguf');
    const first = await ensureDemoModel({ outPath });
    expect(first.written).toBe(true);
    const bytes = await readFile(outPath);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(first.sha256);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('GGUF');

    expect(await ensureDemoModel({ outPath })).toEqual({ ...first, written: false });

    await writeFile(outPath, bytes.subarray(0, 1000));
    const repaired = await ensureDemoModel({ outPath });
    expect(repaired).toEqual({ ...first, written: true });
    expect((await readFile(outPath)).equals(bytes)).toBe(true);
  });
});
