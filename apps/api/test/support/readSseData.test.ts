import { describe, expect, it } from 'vitest';
import { readSseData } from './readSseData.js';

async function collectData(body: AsyncIterable<Uint8Array | string> | Iterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const data of readSseData(body)) out.push(data);
  return out;
}

describe('readSseData', () => {
  it('reads the data of each event from bytes split anywhere, and from whole text', async () => {
    const bytes = new TextEncoder().encode(': ping\n\ndata: {"x":"é"}\n\nevent: error\ndata: [DONE]\n\n');
    async function* split() {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.slice(i, i + 3);
    }
    expect(await collectData(split())).toEqual(['{"x":"é"}', '[DONE]']);
    expect(await collectData(['data: a\r\n\r\ndata: b\n\n'])).toEqual(['a', 'b']);
  });
});
