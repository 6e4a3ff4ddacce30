import type { Token } from 'node-llama-cpp';

/** Decodes `tokens` with the tokens before them as context (a llama.cpp model's `detokenize`). */
export type Detokenize = (tokens: Token[], context: Token[]) => string;

/** Turns generated tokens into text, one piece per token. */
export type LlamaTokenDecoder = {
  /**
   * Adds one generated token.
   * @returns its text: '' while it holds part of a character, then the whole character.
   */
  push(token: Token): string;
  /** Tokens pushed so far. */
  readonly count: number;
};

/**
 * A decoder for generated tokens: each is decoded with the four tokens before it (the prompt's,
 * then the answer's) as context, since a word's leading space depends on them, and the bytes of an
 * incomplete UTF-8 character are held back until the character is whole (at most four tokens).
 *
 * @param detokenize - the model's detokenizer.
 * @param promptTokens - the prompt, whose end is the first token's context.
 * @returns the decoder.
 * @example
 * const decoder = createLlamaTokenDecoder((tokens, context) => model.detokenize(tokens, false, context), promptTokens);
 * for await (const token of evaluation) deliver(decoder.push(token));
 */
export function createLlamaTokenDecoder(
  detokenize: Detokenize,
  promptTokens: readonly Token[],
): LlamaTokenDecoder {
  const generated: Token[] = [];
  let undecoded: Token[] = [];
  let context: Token[] = [];
  return {
    push(token) {
      if (undecoded.length === 0) context = [...promptTokens.slice(-4), ...generated.slice(-4)].slice(-4);
      undecoded.push(token);
      generated.push(token);
      const text = detokenize(undecoded, context);
      if (text.endsWith('\uFFFD') && undecoded.length < 4) return '';
      undecoded = [];
      return text;
    },
    get count() {
      return generated.length;
    },
  };
}
