import { describe, expect, it } from 'vitest';
import { INFERENCE_LIMITS as L } from './inferenceLimits.js';
import { InferenceRequestSchema } from './inferenceRequest.js';

const request = { model: 'far-demo', prompt: 'The river', maxTokens: 16, temperature: 0.7 };

describe('InferenceRequestSchema', () => {
  it('accepts a raw completion and a chat with every optional field', () => {
    expect(InferenceRequestSchema.parse(request)).toEqual(request);
    const chat = {
      model: 'far-demo',
      messages: [{ role: 'user', content: 'hi' }],
      maxTokens: L.maxTokens,
      temperature: 0,
      topP: 1,
      seed: L.maxSeed,
      stop: ['\n'],
    };
    expect(InferenceRequestSchema.parse(chat)).toEqual(chat);
  });

  it('requires exactly one of messages or prompt', () => {
    const { prompt: _, ...neither } = request;
    expect(InferenceRequestSchema.safeParse(neither).success).toBe(false);
    const both = { ...request, messages: [{ role: 'user', content: 'hi' }] };
    expect(InferenceRequestSchema.safeParse(both).success).toBe(false);
  });

  it('refuses anything beyond the one set of limits', () => {
    const content = 'x'.repeat(L.maxContentLength);
    for (const patch of [
      { maxTokens: 0 },
      { maxTokens: L.maxTokens + 1 },
      { temperature: 2.5 },
      { topP: 0 },
      { seed: L.maxSeed + 1 },
      { seed: -1 },
      { stop: Array.from({ length: L.maxStopSequences + 1 }, (_, i) => `s${i}`) },
      { stop: ['x'.repeat(L.maxStopLength + 1)] },
      { prompt: `${content}x` },
      { model: 'has space' },
      { unknown: true },
    ]) {
      expect(
        InferenceRequestSchema.safeParse({ ...request, ...patch }).success,
        JSON.stringify(patch).slice(0, 80),
      ).toBe(false);
    }
    const { prompt: _, ...chat } = request;
    const tooMuch = { ...chat, messages: [0, 1, 2].map(() => ({ role: 'user', content })) };
    expect(InferenceRequestSchema.safeParse(tooMuch).success).toBe(false);
  });
});
