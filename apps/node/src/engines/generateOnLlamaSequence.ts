import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import { createLlamaTokenDecoder } from './createLlamaTokenDecoder.js';
import { createStopSequenceFilter } from './createStopSequenceFilter.js';
import type { GenerateRequest, GenerateResult, TokenEvent } from './engine.js';
import type { LlamaPrompt } from './renderLlamaPrompt.js';
import { sleepUnlessAborted } from './sleepUnlessAborted.js';

export type GenerateOnLlamaSequenceParameters = {
  model: LlamaModel;
  /** The sequence this request holds; its KV cache may still hold an earlier request's prefix. */
  sequence: LlamaContextSequence;
  prompt: LlamaPrompt;
  req: GenerateRequest;
  /** Tokens the sequence holds, prompt and answer together. */
  contextSize: number;
  /** Least time between two tokens (0: as fast as the model runs). */
  tokenIntervalMs: number;
  /** The tokenizer writes words with their leading space. */
  spacePrefix: boolean;
  onToken: (token: TokenEvent) => void;
};

/**
 * Generates an answer on one context sequence: evaluates only the part of the prompt its KV cache
 * does not hold yet, samples (greedy at temperature 0; temperature and top-p as OpenAI does),
 * decodes token by token, holds back text that may begin a stop sequence, and stops at an
 * end-of-generation token, a stop sequence, `maxTokens`, the context's end or the abort signal.
 *
 * @param parameters - model, sequence, prompt, request, limits and the token listener.
 * @returns the usage and why the generation ended.
 * @example
 * const result = await generateOnLlamaSequence({ model, sequence, prompt, req, contextSize, tokenIntervalMs: 0, spacePrefix, onToken });
 */
export async function generateOnLlamaSequence(
  parameters: GenerateOnLlamaSequenceParameters,
): Promise<GenerateResult> {
  const { model, sequence, prompt, req } = parameters;
  const promptCount = prompt.tokens.length;
  const reused = await reuseCachedPrefix(sequence, prompt.tokens);
  const filter = createStopSequenceFilter([...prompt.stopTexts, ...(req.stop ?? [])]);
  const decoder = createLlamaTokenDecoder(
    (tokens, context) => model.detokenize(tokens, false, context),
    prompt.tokens,
  );
  const maxTokens = Math.min(req.maxTokens, parameters.contextSize - promptCount);
  let delivered = 0;
  let finishReason: GenerateResult['finishReason'] = 'length';
  // SentencePiece words carry their leading space ("▁The"), so a fresh assistant turn would
  // open with " The"; chat clients expect the answer to start at its first character. A
  // continued answer gets the space back (toLlamaChatHistory), so both go together.
  let trimLeadingSpace =
    parameters.spacePrefix && req.messages !== undefined && req.messages.at(-1)?.role !== 'assistant';
  const deliver = (texts: string[]) => {
    for (const text of texts) {
      delivered += 1;
      if (trimLeadingSpace && text.length > 0) {
        trimLeadingSpace = false;
        parameters.onToken({ text: text.startsWith(' ') ? text.slice(1) : text });
      } else parameters.onToken({ text });
    }
  };

  const startedAt = performance.now();
  // Greedy when temperature is 0 (node-llama-cpp switches to llama.cpp's greedy sampler);
  // topK 0 disables top-k so sampling matches OpenAI semantics (temperature + top-p only).
  const evaluation = sequence.evaluate(prompt.tokens.slice(reused), {
    temperature: req.temperature,
    topK: 0,
    topP: req.topP ?? 1,
    ...(req.seed === undefined ? {} : { seed: req.seed }),
    yieldEogToken: true,
  });
  for await (const token of evaluation) {
    if (req.signal?.aborted) {
      finishReason = 'cancelled';
      break;
    }
    if (model.isEogToken(token) || prompt.stopTokens.has(token)) {
      finishReason = 'stop';
      break;
    }
    const { released, stopped } = filter.push(decoder.push(token));
    deliver(released);
    if (stopped) {
      finishReason = 'stop';
      break;
    }
    if (decoder.count >= maxTokens) break;
    // The evaluation is lazy: waiting here holds the next token back, not just its delivery.
    if (parameters.tokenIntervalMs > 0) {
      const due = startedAt + decoder.count * parameters.tokenIntervalMs;
      await sleepUnlessAborted(due - performance.now(), req.signal);
    }
  }
  if (finishReason !== 'stop') deliver(filter.flush());
  return { promptTokens: promptCount, completionTokens: delivered, finishReason };
}

/**
 * Keeps the KV cache of the longest common prefix (system prompt, earlier turns, a resumed answer)
 * so only the rest is evaluated; at least one token must be evaluated to get logits.
 * @returns how many prompt tokens the cache already holds.
 */
async function reuseCachedPrefix(sequence: LlamaContextSequence, promptTokens: Token[]): Promise<number> {
  await sequence.adaptStateToTokens(promptTokens, false);
  let reused = Math.min(sequence.nextTokenIndex, promptTokens.length);
  if (reused === promptTokens.length || reused < sequence.nextTokenIndex) {
    reused = Math.min(reused, promptTokens.length - 1);
    await sequence.eraseContextTokenRanges([{ start: reused, end: sequence.nextTokenIndex }]);
  }
  return reused;
}
