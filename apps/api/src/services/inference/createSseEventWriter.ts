/** Where the events go: Hono's SSE stream (`stream.write`). */
export type SseSink = { write(text: string): Promise<unknown> };

export type SseEventWriter = {
  /**
   * Queues one `data:` event; it goes out with the others queued in this event-loop turn.
   * `weight` (default 0) counts toward {@link SseEventWriter.written} once its write completes.
   */
  send(data: string, weight?: number): void;
  /** Resolves once everything queued has been written. */
  flush(): Promise<void>;
  /** The summed weight of the events whose write has completed (e.g. billable tokens that reached the client). */
  written(): number;
};

/**
 * Writes server-sent events, coalescing the events queued within one event-loop turn (and while a
 * write is still in flight, until the turn that write completes in is over) into one socket write. A node's tokens arrive in bursts; one write per
 * token cost a syscall and a client-side read each. Each event is still its own `data:` event, in
 * order, so clients see exactly what they would have seen written one by one.
 *
 * @param sink - the SSE stream.
 * @returns send / flush.
 * @example
 * const events = createSseEventWriter(stream);
 * for await (const batch of run.tokens) for (const token of batch) events.send(JSON.stringify(chunkOf(token)));
 * events.send('[DONE]');
 * await events.flush();
 */
export function createSseEventWriter(sink: SseSink): SseEventWriter {
  let queued = '';
  let queuedWeight = 0;
  let writtenWeight = 0;
  let writing: Promise<void> | undefined;
  let scheduled: Promise<void> | undefined;

  const drain = async (): Promise<void> => {
    while (queued !== '') {
      const text = queued;
      const weight = queuedWeight;
      queued = '';
      queuedWeight = 0;
      await sink.write(text);
      writtenWeight += weight;
      // A write completes within a few microtasks, while a node frame's tokens are still being
      // relayed one by one (also in microtasks): writing what is queued at once would write a
      // burst a token or two at a time (the issue 12 profile: the socket writes cost more than the
      // relay). Let the turn finish, so the rest of the burst goes out in one write.
      if (queued !== '') await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const start = (): Promise<void> => {
    scheduled = undefined;
    writing ??= drain().finally(() => {
      writing = undefined;
    });
    return writing;
  };

  return {
    send(data, weight = 0) {
      queuedWeight += weight;
      // The SSE format: every line of the payload is its own `data:` field. JSON has no raw line
      // breaks, so a chunk is one line and needs no split.
      // Two `includes` scans cost a quarter of the regular expression's test (run once per token).
      queued +=
        data.includes('\n') || data.includes('\r')
          ? `${data
              .split(/\r\n|\r|\n/)
              .map((line) => `data: ${line}`)
              .join('\n')}\n\n`
          : `data: ${data}\n\n`;
      if (writing || scheduled) return;
      scheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(start);
      // A failed write surfaces in flush(); it must not also be an unhandled rejection.
      scheduled.catch(() => {});
    },
    async flush() {
      while (scheduled || writing || queued !== '') await (scheduled ?? writing ?? start());
    },
    written: () => writtenWeight,
  };
}
