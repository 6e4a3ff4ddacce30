import { createParser } from 'eventsource-parser';

/**
 * The data of each server-sent event in a response body, as the events arrive; `eventsource-parser`
 * does the parsing. Stopping early (break) cancels the body.
 *
 * @param body - a fetch or `http` response body, or the whole body as text (`[text]`).
 * @returns each event's data (`[DONE]` included).
 * @example
 * for await (const data of readSseData(response.body)) if (data.startsWith('{')) chunks.push(JSON.parse(data));
 */
export async function* readSseData(
  body: AsyncIterable<Uint8Array | string> | Iterable<string>,
): AsyncGenerator<string> {
  const payloads: string[] = [];
  const parser = createParser({ onEvent: ({ data }) => payloads.push(data) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    yield* payloads.splice(0);
  }
}
