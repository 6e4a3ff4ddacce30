import { createParser } from 'eventsource-parser';

/**
 * Reads a Server-Sent Events byte stream as the `data:` payloads of its events; `eventsource-parser`
 * does the parsing (multi-line data joined, comments and other fields skipped, any line ending).
 * @param body - the response body
 * @returns an async iterator of each event's data
 * @example for await (const data of readSseData(response.body)) console.log(data);
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const payloads: string[] = [];
  const parser = createParser({ onEvent: ({ data }) => payloads.push(data) });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      // A stream that ends without the closing blank line still delivers its last event.
      parser.feed(done ? `${decoder.decode()}\n\n` : decoder.decode(value, { stream: true }));
      yield* payloads.splice(0);
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}
