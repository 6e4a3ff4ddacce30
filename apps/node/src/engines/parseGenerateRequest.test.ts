import { describe, expect, it } from 'vitest';
import { EngineError } from './engineError.js';
import { parseGenerateRequest } from './parseGenerateRequest.js';

describe('parseGenerateRequest', () => {
  it('accepts a chat request and keeps only the fields given', () => {
    const signal = new AbortController().signal;
    const req = parseGenerateRequest({
      model: 'far-demo',
      messages: [{ role: 'user', content: 'Hi' }],
      maxTokens: 16,
      temperature: 0.7,
      signal,
    });
    expect(req).toEqual({
      model: 'far-demo',
      messages: [{ role: 'user', content: 'Hi' }],
      maxTokens: 16,
      temperature: 0.7,
      signal,
    });
    expect('prompt' in req).toBe(false);
  });

  it('requires exactly one of messages and prompt', () => {
    const base = { model: 'm', maxTokens: 1, temperature: 0 };
    expect(() => parseGenerateRequest(base)).toThrow(EngineError);
    expect(() =>
      parseGenerateRequest({ ...base, prompt: 'a', messages: [{ role: 'user', content: 'b' }] }),
    ).toThrow(/exactly one of messages or prompt/);
  });

  it('names the invalid field', () => {
    expect(() => parseGenerateRequest({ model: 'm', prompt: 'a', maxTokens: 1, temperature: 5 })).toThrow(
      /^temperature:/,
    );
    expect(() =>
      parseGenerateRequest({
        model: 'm',
        messages: [{ role: 'tool', content: 'x' }],
        maxTokens: 1,
        temperature: 0,
      }),
    ).toThrow(/^messages\.0\.role:/);
  });
});
