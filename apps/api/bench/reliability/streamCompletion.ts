/** Sends a streamed far-demo completion for request `id`: the prompt carries the id for the upstream. */
export type StreamCompletion = (id: number, maxTokens: number, signal?: AbortSignal) => Promise<Response>;

/**
 * A {@link StreamCompletion} against `apiUrl`, spreading requests over `keys` (the API rate-limits
 * per key).
 *
 * @param apiUrl - the API's base URL.
 * @param keys - API keys, used in turn by request id.
 * @returns the request function.
 */
export function streamCompletionWith(apiUrl: string, keys: string[]): StreamCompletion {
  return (id, maxTokens, signal) =>
    fetch(`${apiUrl}/v1/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys[id % keys.length]}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'far-demo',
        prompt: `Request r${id}. Count up from 0:`,
        max_tokens: maxTokens,
        temperature: 0,
        stream: true,
      }),
      ...(signal ? { signal } : {}),
    });
}
