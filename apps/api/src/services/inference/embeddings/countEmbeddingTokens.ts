/**
 * The coordinator's own count of an embeddings request's tokens, which the caller pays for: the
 * rule chat prompts are counted with (one token per 4 UTF-8 bytes, rounded up), per input, with no
 * chat framing. The coordinator holds no model's tokenizer, so a node cannot inflate the bill; its
 * own count is recorded beside it for audit.
 *
 * @param input - the texts.
 * @returns the billable tokens.
 * @example
 * countEmbeddingTokens(['Hello there', 'hi']) // 3 + 1 = 4
 */
export function countEmbeddingTokens(input: readonly string[]): number {
  return input.reduce((sum, text) => sum + Math.ceil(Buffer.byteLength(text, 'utf8') / 4), 0);
}
