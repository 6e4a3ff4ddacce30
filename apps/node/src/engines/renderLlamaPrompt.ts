import { type ChatWrapper, type LlamaModel, LlamaText, type Token } from 'node-llama-cpp';
import type { GenerateRequest } from './engine.js';
import { toLlamaChatHistory } from './toLlamaChatHistory.js';

/** The tokens to evaluate, and where the chat template says the answer ends. */
export type LlamaPrompt = { tokens: Token[]; stopTexts: string[]; stopTokens: Set<Token> };

/**
 * The prompt a request puts to a llama.cpp model: a raw `prompt` tokenized as is (after BOS when
 * the model wants one), or the chat rendered with the model's chat template, with the stop texts
 * and single stop tokens the template implies.
 *
 * @param model - the loaded model.
 * @param chatWrapper - its chat template.
 * @param req - the request.
 * @param spacePrefix - whether the tokenizer writes words with their leading space (see toLlamaChatHistory).
 * @returns the prompt tokens and the stops.
 * @example
 * const { tokens, stopTexts, stopTokens } = renderLlamaPrompt(model, resolveChatWrapper(model), req, true);
 */
export function renderLlamaPrompt(
  model: LlamaModel,
  chatWrapper: ChatWrapper,
  req: GenerateRequest,
  spacePrefix: boolean,
): LlamaPrompt {
  if (req.prompt !== undefined) {
    const bos = model.tokens.bos;
    const prefix = model.tokens.shouldPrependBosToken && bos !== null ? [bos] : [];
    return { tokens: [...prefix, ...model.tokenize(req.prompt)], stopTexts: [], stopTokens: new Set() };
  }
  const state = chatWrapper.generateContextState({
    chatHistory: toLlamaChatHistory(req.messages ?? [], { spacePrefix }),
  });
  const stopTexts: string[] = [];
  const stopTokens = new Set<Token>();
  for (const trigger of state.stopGenerationTriggers) {
    const onlyText = trigger.values.every((value) => typeof value === 'string');
    if (onlyText) stopTexts.push(trigger.toString());
    else {
      const tokens = LlamaText(trigger).tokenize(model.tokenizer);
      if (tokens.length === 1) stopTokens.add(tokens[0] as Token);
    }
  }
  return { tokens: state.contextText.tokenize(model.tokenizer), stopTexts, stopTokens };
}
