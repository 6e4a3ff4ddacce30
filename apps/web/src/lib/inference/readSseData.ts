/**
 * Splits a Server-Sent Events byte stream into the `data:` payloads of its events, joining
 * multi-line data as the SSE spec says; comments and other fields are skipped.
 * @param body - the response body
 * @returns an async iterator of each event's data
 * @example for await (const data of readSseData(response.body)) console.log(data);
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let dataLines: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let newline = buffer.search(/\r\n|\r|\n/);
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (dataLines.length > 0) yield dataLines.join('\n');
          dataLines = [];
        } else if (line.startsWith('data:')) {
          dataLines.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        }
        newline = buffer.search(/\r\n|\r|\n/);
      }
    }
    if (buffer.startsWith('data:')) dataLines.push(buffer.slice(buffer.startsWith('data: ') ? 6 : 5));
    if (dataLines.length > 0) yield dataLines.join('\n');
  } finally {
    reader.releaseLock();
  }
}
