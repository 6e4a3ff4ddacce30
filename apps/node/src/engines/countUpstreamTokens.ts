import { z } from 'zod';
import type { UpstreamClient } from './createUpstreamClient.js';

const tokenizeSchema = z.union([
  z.object({ count: z.number().int() }),
  z.object({ tokens: z.array(z.unknown()) }),
]);

/**
 * Tokens `text` takes in the server's model, through its `/tokenize` (vLLM answers
 * `{ count, tokens }`, llama.cpp server `{ tokens }`; each ignores the other's fields). Servers
 * without it (Ollama, hosted APIs) get an estimate: about four bytes per token for English text.
 *
 * @param client - the server.
 * @param model - the model name.
 * @param text - plain text, no chat template.
 * @returns the token count.
 * @example
 * const promptTokens = await countUpstreamTokens(client, 'tiny', 'The river');
 */
export async function countUpstreamTokens(
  client: UpstreamClient,
  model: string,
  text: string,
): Promise<number> {
  try {
    const response = await client.post('/tokenize', {
      model,
      prompt: text,
      content: text,
      add_special_tokens: false,
      add_special: false,
    });
    const parsed = tokenizeSchema.parse(await response.json());
    return 'count' in parsed ? parsed.count : parsed.tokens.length;
  } catch {
    return Math.ceil(new TextEncoder().encode(text).length / 4);
  }
}
