import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSseEvents, type SseEvent } from './parseSseEvents.js';

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function parse(chunks: (string | Uint8Array)[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const batch of parseSseEvents(streamOf(chunks))) {
    expect(batch.length).toBeGreaterThan(0);
    events.push(...batch);
  }
  return events;
}

describe('parseSseEvents', () => {
  it('reads OpenAI-style data events and the [DONE] marker', async () => {
    expect(await parse(['data: {"a":1}\n\n', 'data: [DONE]\n\n'])).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('joins multi-line data, keeps event names and skips comments', async () => {
    expect(await parse([': keep-alive\n', 'event: error\ndata: one\ndata:two\n\n'])).toEqual([
      { event: 'error', data: 'one\ntwo' },
    ]);
  });

  it('gives the same events however the bytes are split and whichever line ending is used', async () => {
    const payloads = ['{"x":"é"}', 'hello', '{"y":[1,2]}'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 40 }),
        async (eol, cuts) => {
          const text = payloads.map((p) => `data: ${p}${eol}${eol}`).join('');
          const bytes = new TextEncoder().encode(text);
          const chunks: Uint8Array[] = [];
          // Split on byte boundaries, even inside a multi-byte character, as the network may.
          let offset = 0;
          for (const cut of cuts) {
            if (offset >= bytes.length) break;
            chunks.push(bytes.slice(offset, offset + cut));
            offset += cut;
          }
          chunks.push(bytes.slice(offset));
          const events = await parse(chunks);
          expect(events.map((e) => e.data)).toEqual(payloads);
        },
      ),
    );
  });

  it('drops an event the stream cut off before its blank line', async () => {
    expect(await parse(['data: complete\n\n', 'data: cut off'])).toEqual([
      { event: 'message', data: 'complete' },
    ]);
  });
});
