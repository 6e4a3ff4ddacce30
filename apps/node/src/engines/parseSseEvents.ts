/** One server-sent event: its `event` name (default "message") and its data lines joined by "\n". */
export type SseEvent = { event: string; data: string };

/**
 * Parses a `text/event-stream` body into events as they arrive (WHATWG HTML §9.2): lines end with
 * CRLF, LF or CR; a blank line dispatches; `data:` lines accumulate; `:` lines are comments.
 * @param body the response body
 * @returns the events, in order; ends when the body ends (an unterminated last event is dropped)
 * @example
 * for await (const { data } of parseSseEvents(response.body)) if (data !== '[DONE]') JSON.parse(data);
 */
export async function* parseSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let dataLines: string[] = [];
  let eventName = '';
  let skipLeadingLineFeed = false;

  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        if (char === '\n' && skipLeadingLineFeed && i === start) {
          // The LF of a CRLF split across two chunks.
          skipLeadingLineFeed = false;
          start = i + 1;
          continue;
        }
        const line = buffer.slice(start, i);
        if (char === '\r') {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === '\n') i += 1;
          } else skipLeadingLineFeed = true;
        } else skipLeadingLineFeed = false;
        start = i + 1;

        if (line === '') {
          if (dataLines.length > 0) yield { event: eventName || 'message', data: dataLines.join('\n') };
          dataLines = [];
          eventName = '';
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') dataLines.push(value);
        else if (field === 'event') eventName = value;
      }
      buffer = buffer.slice(start);
    }
  } finally {
    // Also reached when the consumer stops early: cancelling closes the connection, which tells
    // the server to stop generating.
    await reader.cancel().catch(() => undefined);
  }
}
