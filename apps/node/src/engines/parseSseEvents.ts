import { createParser } from 'eventsource-parser';

/** One server-sent event: its `event` name (default "message") and its data lines joined by "\n". */
export type SseEvent = { event: string; data: string };

/**
 * Reads a `text/event-stream` body as events while they arrive; `eventsource-parser` does the
 * parsing (WHATWG HTML §9.2: CRLF, LF or CR line ends, `data:` lines joined, `:` comments skipped).
 * The events each chunk of the body completes come together, as one array: an engine that writes
 * many tokens at once then costs one step of the reader's loop, not one per token (issue 12).
 * @param body the response body (a Node stream or a web ReadableStream: anything async iterable)
 * @returns the events, in order, in one non-empty array per chunk that completes any; ends when
 *   the body ends (an unterminated last event is dropped)
 * @example
 * for await (const events of parseSseEvents(response.body))
 *   for (const { data } of events) if (data !== '[DONE]') JSON.parse(data);
 */
export async function* parseSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent[]> {
  const parsed: SseEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data }) => parsed.push({ event: event ?? 'message', data }),
  });
  const decoder = new TextDecoder();
  let endsWithCarriageReturn = false;
  const feed = (text: string): void => {
    if (text === '') return;
    parser.feed(text);
    endsWithCarriageReturn = text.endsWith('\r');
  };
  // Stopping early (the consumer's `break`, or a `return` from here) returns the body's iterator:
  // the transport closes a connection whose body is still coming, which tells the server to stop
  // generating (requestOverHttp keeps one whose body has fully arrived).
  for await (const chunk of body) {
    feed(decoder.decode(chunk, { stream: true }));
    if (parsed.length > 0) yield parsed.splice(0);
  }
  // The parser holds a final CR back in case an LF follows in the next chunk; when the body ends
  // there instead, that CR was a line end of its own.
  const rest = decoder.decode();
  feed(endsWithCarriageReturn ? `${rest}\n` : rest);
  if (parsed.length > 0) yield parsed.splice(0);
}
