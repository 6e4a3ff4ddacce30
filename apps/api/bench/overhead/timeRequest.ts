import { readSseData } from '../../test/support/readSseData.js';

/** One streamed request's timings. */
export type Timing = {
  ttftMs: number;
  /** Until the last content token (the rest of `totalMs` is the finish, usage and `[DONE]` events). */
  lastTokenMs: number;
  totalMs: number;
  tokens: number;
};

/** A request that did not give a whole stream: its HTTP status (0 when none came) and message. */
export class RequestFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** No request waits longer than this; a slower one counts as an error. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * Sends one streamed chat completion and times its first content token and its end.
 *
 * @param baseUrl - an OpenAI base URL (`…/v1`): the engine, the proxy or Far.
 * @param apiKey - the bearer key, if the path needs one.
 * @param maxTokens - how many tokens to ask for.
 * @returns the timings.
 * @throws RequestFailure on a non-2xx answer, a network error, a timeout or a stream cut short.
 * @example
 * const { ttftMs } = await timeRequest(engine.url, undefined, 16);
 */
export async function timeRequest(
  baseUrl: string,
  apiKey: string | undefined,
  maxTokens: number,
): Promise<Timing> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: 'far-demo',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: maxTokens,
        stream: true,
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RequestFailure(0, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok || !response.body)
    throw new RequestFailure(response.status, `${response.status} ${(await response.text()).slice(0, 200)}`);
  let ttftMs = 0;
  let lastTokenMs = 0;
  let text = '';
  let done = false;
  try {
    for await (const data of readSseData(response.body)) {
      if (data === '[DONE]') done = true;
      if (!data.startsWith('{')) continue;
      const event = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
      const content = event.choices?.[0]?.delta?.content;
      if (!content) continue;
      if (text === '') ttftMs = performance.now() - started;
      text += content;
      lastTokenMs = performance.now() - started;
    }
  } catch (error) {
    throw new RequestFailure(0, `stream broke: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The engine's tokens are " w0", " w1", …: however a path groups them into events, all must arrive.
  const tokens = text.split(' w').length - 1;
  if (!done || tokens !== maxTokens) throw new RequestFailure(0, `stream ended after ${tokens} tokens`);
  return { ttftMs, lastTokenMs, totalMs: performance.now() - started, tokens };
}
