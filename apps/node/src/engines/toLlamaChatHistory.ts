import type { InferenceChatMessage } from '@far/protocol';
import type { ChatHistoryItem } from 'node-llama-cpp';

export type ToLlamaChatHistoryOptions = {
  /**
   * The tokenizer writes a word with its leading space (SentencePiece with `add_space_prefix`:
   * "▁The"). The engine drops that space from a fresh answer's first token, so a trailing
   * assistant message gets it back: it then tokenizes as the tokens that were generated.
   */
  spacePrefix: boolean;
};

/**
 * Maps OpenAI-style messages to node-llama-cpp's chat history, leaving the assistant turn open: a
 * trailing assistant message is continued in place (a task resumed on another node after failover
 * sends the original messages plus the text already delivered); otherwise a new, empty assistant
 * turn is opened for the model to answer in.
 *
 * Why the space: text right after a chat template's special tokens is tokenized without a space
 * prefix, so "The stranger" would become the bytes `T h e` where the model had written `▁The`,
 * and the model would continue from a context it never produced.
 *
 * @param messages - the chat, oldest first.
 * @param options - whether the tokenizer writes words with a leading space.
 * @returns the history, ending with the open model turn.
 * @example
 * toLlamaChatHistory([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'The' }], { spacePrefix: true })
 * // [{ type: 'user', text: 'Hi' }, { type: 'model', response: [' The'] }]
 */
export function toLlamaChatHistory(
  messages: readonly InferenceChatMessage[],
  options: ToLlamaChatHistoryOptions,
): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message) => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'model', response: [message.content] };
  });
  const last = messages.at(-1);
  if (last?.role !== 'assistant') history.push({ type: 'model', response: [] });
  else if (options.spacePrefix)
    history[history.length - 1] = { type: 'model', response: [` ${last.content}`] };
  return history;
}
