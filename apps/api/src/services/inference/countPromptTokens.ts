import type { InferenceRequest } from '@far/protocol';

/** Tokens OpenAI-style chat formats spend around each message (role markers, separators). */
const TOKENS_PER_MESSAGE = 4;
/** The reply's priming tokens. */
const TOKENS_PER_REPLY = 3;

/**
 * The coordinator's own count of prompt tokens, used for billing, so a node cannot inflate it.
 * The coordinator holds no model's tokenizer (nodes may serve any GGUF or upstream), so it counts
 * with a model-independent rule: one token per 4 UTF-8 bytes, rounded up, per message, plus the
 * chat framing. The node's own count is recorded beside it for audit.
 *
 * @example
 * countPromptTokens({ messages: [{ role: 'user', content: 'Hello there' }] }) // 3 + 4 + 3 = 10
 */
export function countPromptTokens(input: Pick<InferenceRequest, 'messages' | 'prompt'>): number {
  const bytes = (text: string) => Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
  if (input.messages) {
    return input.messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + bytes(m.content), TOKENS_PER_REPLY);
  }
  return bytes(input.prompt ?? '');
}
