/**
 * The context window of each base model, in the coordinator's own token count (one per 4 UTF-8
 * bytes, see countPromptTokens), which is what a twin's prompt is fitted to.
 *
 * far-demo's window is 4096 real tokens, but its tokenizer falls back to single bytes for words
 * outside its corpus, so one counted token can be four real ones: 1024 counted tokens always fit.
 */
const contextTokens: Record<string, number> = {
  'far-demo': 1_024,
  'llama-70b': 4_096,
  'mixtral-8x22b': 65_536,
  'llama-405b': 131_072,
};

/**
 * A base model's context window in counted tokens; a model not listed gets a conservative 4096.
 *
 * @example
 * baseModelContextTokens('far-demo') // 1024
 */
export function baseModelContextTokens(modelId: string): number {
  return contextTokens[modelId] ?? 4_096;
}
