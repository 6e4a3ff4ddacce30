import type { DemoModel } from './buildDemoModel.js';

/**
 * Predicts what greedy decoding (temperature 0) of the demo model produces after `promptTokens`,
 * straight from the bigram table: each step takes the most probable next token of the last token's
 * state, stopping at end-of-text. llama.cpp running the GGUF file must agree with this.
 * @param model the built demo model
 * @param promptTokens prompt token ids (at least one)
 * @param maxTokens how many tokens to predict at most
 * @returns the predicted token ids, without the end-of-text token
 * @example
 * predictGreedyTokens(model, tokenizeSpm(model.vocabulary, 'The river'), 8);
 */
export function predictGreedyTokens(
  model: DemoModel,
  promptTokens: readonly number[],
  maxTokens: number,
): number[] {
  const vocabularySize = model.vocabulary.tokens.length;
  const predicted: number[] = [];
  let last = promptTokens.at(-1) ?? model.vocabulary.bosId;
  while (predicted.length < maxTokens) {
    const offset = (model.stateOfToken[last] as number) * vocabularySize;
    let best = 0;
    for (let id = 1; id < vocabularySize; id++) {
      if ((model.logProbabilities[offset + id] as number) > (model.logProbabilities[offset + best] as number))
        best = id;
    }
    if (best === model.vocabulary.eosId) break;
    predicted.push(best);
    last = best;
  }
  return predicted;
}
