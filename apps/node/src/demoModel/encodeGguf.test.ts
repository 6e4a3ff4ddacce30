import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoModelError } from './demoModelError.js';
import { encodeGguf } from './encodeGguf.js';

const directory = await mkdtemp(path.join(tmpdir(), 'far-gguf-'));
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('encodeGguf', () => {
  it('writes a file that node-llama-cpp’s own GGUF reader parses back', async () => {
    const bytes = encodeGguf({
      metadata: [
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['general.name', { type: 'string', value: 'tiny' }],
        ['llama.block_count', { type: 'uint32', value: 7 }],
        ['llama.rope.freq_base', { type: 'float32', value: 0.5 }],
        ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
        ['tokenizer.ggml.tokens', { type: 'stringArray', value: ['<unk>', '▁héllo'] }],
        ['tokenizer.ggml.scores', { type: 'float32Array', value: [0, -1.5] }],
        ['tokenizer.ggml.token_type', { type: 'int32Array', value: [2, 1] }],
      ],
      tensors: [
        { name: 'a', dims: [3], type: 'f32', data: Float32Array.from([1, 2, 3]) },
        { name: 'b', dims: [2, 2], type: 'f16', data: Float32Array.from([1, 0, 0, 1]) },
      ],
    });
    const file = path.join(directory, 'tiny.gguf');
    await writeFile(file, bytes);
    const info = await readGgufFileInfo(file);
    expect(info.version).toBe(3);
    const metadata = info.metadata as unknown as Record<string, Record<string, unknown>>;
    expect(metadata.general).toMatchObject({ architecture: 'llama', name: 'tiny' });
    expect(metadata.llama).toMatchObject({ block_count: 7, rope: { freq_base: 0.5 } });
    expect(metadata.tokenizer).toMatchObject({
      ggml: { add_bos_token: true, tokens: ['<unk>', '▁héllo'], scores: [0, -1.5], token_type: [2, 1] },
    });
    const tensors = info.fullTensorInfo ?? [];
    expect(tensors.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)])).toEqual([
      ['a', [3], 0, 0],
      ['b', [2, 2], 1, 32],
    ]);
    // Data starts at the first 32-byte boundary after the header.
    const dataStart = bytes.length - 32 - 8;
    expect(dataStart % 32).toBe(0);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect([0, 4, 8].map((o) => view.getFloat32(dataStart + o, true))).toEqual([1, 2, 3]);
    expect(view.getUint16(dataStart + 32, true)).toBe(0x3c00);
  });

  it('rejects a tensor whose data does not match its shape', () => {
    const call = () =>
      encodeGguf({
        metadata: [],
        tensors: [{ name: 'x', dims: [2, 2], type: 'f32', data: new Float32Array(3) }],
      });
    expect(call).toThrow(DemoModelError);
    expect(call).toThrow(/needs? 4|need 4/);
  });

  it('rejects duplicate metadata keys', () => {
    expect(() =>
      encodeGguf({
        metadata: [
          ['k', { type: 'uint32', value: 1 }],
          ['k', { type: 'uint32', value: 2 }],
        ],
        tensors: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'GGUF_INVALID' }));
  });
});
