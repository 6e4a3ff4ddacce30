import { readSseData } from '../../test/support/readSseData.js';

/**
 * Parses an OpenAI SSE response body into content tokens with client-side arrival times.
 *
 * @param response - a streamed `/v1/completions` (or chat) response.
 * @param onToken - called with each token's text and `performance.now()` at its arrival.
 * @returns the usage chunk, if any, and the task id read from the chunks' `id`.
 * @example
 * const { usage } = await readTokens(response, (text, at) => times.push(at));
 */
export async function readTokens(
  response: Response,
  onToken: (text: string, at: number) => void,
): Promise<{ usage: { completion_tokens: number } | undefined; taskId: string | undefined }> {
  if (!response.body) throw new Error('no body');
  let usage: { completion_tokens: number } | undefined;
  let taskId: string | undefined;
  for await (const data of readSseData(response.body as AsyncIterable<Uint8Array>)) {
    if (!data.startsWith('{')) continue;
    const chunk = JSON.parse(data) as {
      id?: string;
      choices?: { text?: string; delta?: { content?: string } }[];
      usage?: { completion_tokens: number };
      error?: { message: string };
    };
    if (chunk.error) throw new Error(chunk.error.message);
    if (chunk.id) taskId ??= chunk.id.replace(/^(chatcmpl|cmpl)-/, '');
    if (chunk.usage) usage = chunk.usage;
    const text = chunk.choices?.[0]?.text ?? chunk.choices?.[0]?.delta?.content;
    if (text) onToken(text, performance.now());
  }
  return { usage, taskId };
}
