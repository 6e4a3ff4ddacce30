import { describe, expect, it } from 'vitest';
import { buildDemoModel } from './buildDemoModel.js';
import { predictGreedyTokens } from './predictGreedyTokens.js';
import { tokenizeSpm } from './tokenizeSpm.js';

const corpusText = [
  'The river runs past the town and down to the sea.',
  'The boats wait by the wall, and the river runs on.',
  'The keeper climbs the hill.',
].join('\n');

describe('buildDemoModel', () => {
  it('builds the same bytes every time', () => {
    const first = buildDemoModel();
    const second = buildDemoModel();
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
    expect(first.sha256).toBe(second.sha256);
    expect(first.bytes.length).toBeLessThan(16 * 1024 * 1024);
  });

  it('stores one probability distribution per context', () => {
    const model = buildDemoModel({ corpusText });
    const size = model.vocabulary.tokens.length;
    for (let state = 0; state < model.stateCount; state++) {
      let total = 0;
      for (let id = 0; id < size; id++)
        total += Math.exp(model.logProbabilities[state * size + id] as number);
      // Tie-breaking shaves at most a few 1e-4 off some entries; the rest is the smoothed bigram.
      expect(total).toBeGreaterThan(0.97);
      expect(total).toBeLessThanOrEqual(1 + 1e-6);
    }
  });

  it('makes the counted successor the most likely next word', () => {
    const model = buildDemoModel({ corpusText });
    const { tokens } = model.vocabulary;
    const prompt = tokenizeSpm(model.vocabulary, 'The keeper');
    // "keeper" is always followed by "climbs", "climbs" by "the"; "the" is followed by "river" twice.
    expect(predictGreedyTokens(model, prompt, 4).map((id) => tokens[id])).toEqual([
      '▁climbs',
      '▁the',
      '▁river',
      '▁runs',
    ]);
  });

  it('never predicts byte, prefix or control tokens', () => {
    const model = buildDemoModel({ corpusText });
    const size = model.vocabulary.tokens.length;
    const speakable = new Set([
      ...model.vocabulary.wordIds,
      ...model.vocabulary.punctuationIds,
      model.vocabulary.eosId,
    ]);
    for (let state = 0; state < model.stateCount; state++) {
      for (let id = 0; id < size; id++) {
        if (!speakable.has(id)) expect(model.logProbabilities[state * size + id]).toBeLessThan(-40);
      }
    }
  });

  it('breaks ties so that greedy decoding has exactly one answer', () => {
    const model = buildDemoModel({ corpusText });
    const size = model.vocabulary.tokens.length;
    for (let state = 0; state < model.stateCount; state++) {
      const row = Array.from(model.logProbabilities.subarray(state * size, (state + 1) * size)).filter(
        (v) => v > -40,
      );
      expect(new Set(row).size).toBe(row.length);
    }
  });
});
