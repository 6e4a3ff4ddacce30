import { describe, expect, it } from 'vitest';
import { readSseData } from './readSseData';

const streamOf = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

const collect = async (stream: ReadableStream<Uint8Array>) => {
  const out: string[] = [];
  for await (const data of readSseData(stream)) out.push(data);
  return out;
};

describe('readSseData', () => {
  it('yields each event once, even when chunks split lines and events', async () => {
    expect(await collect(streamOf('data: {"a"', ':1}\n\nda', 'ta: two\n', '\n'))).toEqual(['{"a":1}', 'two']);
  });

  it('joins multi-line data and skips comments and other fields', async () => {
    expect(await collect(streamOf(': ping\nevent: x\ndata: one\ndata: two\n\n'))).toEqual(['one\ntwo']);
  });

  it('accepts CRLF line endings and a final event without a blank line', async () => {
    expect(await collect(streamOf('data: a\r\n\r\ndata: [DONE]'))).toEqual(['a', '[DONE]']);
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8));
        controller.enqueue(bytes.slice(8));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual(['héllo']);
  });
});
