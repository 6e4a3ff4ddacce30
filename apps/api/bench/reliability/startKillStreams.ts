import { readTokens } from './readTokens.js';
import type { StreamCompletion } from './streamCompletion.js';

/** One stream of the kill part, as the client saw it. */
export type KillStream = {
  text: string;
  times: number[];
  /** When each kill that interrupted it happened (found after the run, from the upstream's record). */
  killedAt: number[];
  done: boolean;
  error?: string;
  usage?: number;
};

/** Streams running back to back while nodes are killed under them. */
export type KillStreams = {
  /** Every stream started, by request id. */
  streams: Map<number, KillStream>;
  /** Streams refused outright (no token) in a row, and the first refusal's message. */
  refusals: { inARow: number; first: string | undefined };
  /** Lets the running streams finish and starts no more. */
  stop(): Promise<void>;
};

/**
 * Keeps `concurrent` streams of `tokens` tokens running, one after another per worker, until
 * stopped; each records its text and the client-side arrival time of every token.
 *
 * @param request - starts a streamed request.
 * @param options.concurrent - streams at a time.
 * @param options.tokens - `max_tokens` of each.
 * @returns the streams, so far and to come.
 * @example
 * const running = startKillStreams(request, { concurrent: 8, tokens: 40 });
 * await running.stop();
 */
export function startKillStreams(
  request: StreamCompletion,
  options: { concurrent: number; tokens: number },
): KillStreams {
  const streams = new Map<number, KillStream>();
  const refusals: KillStreams['refusals'] = { inARow: 0, first: undefined };
  let nextId = 1;
  let stopped = false;
  const runStream = async (): Promise<void> => {
    const id = nextId++;
    const s: KillStream = { text: '', times: [], killedAt: [], done: false };
    streams.set(id, s);
    try {
      const response = await request(id, options.tokens);
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const { usage } = await readTokens(response, (text, at) => {
        s.text += text;
        s.times.push(at);
      });
      if (usage) s.usage = usage.completion_tokens;
    } catch (error) {
      s.error = error instanceof Error ? error.message : String(error);
    }
    s.done = true;
    // A stream refused outright: count it, and don't hammer an API that refuses everything.
    if (s.error && s.times.length === 0) {
      refusals.inARow += 1;
      refusals.first ??= s.error;
      await new Promise((r) => setTimeout(r, 100));
    } else refusals.inARow = 0;
  };
  const workers = Array.from({ length: options.concurrent }, async () => {
    while (!stopped) await runStream();
  });
  return {
    streams,
    refusals,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
    },
  };
}
