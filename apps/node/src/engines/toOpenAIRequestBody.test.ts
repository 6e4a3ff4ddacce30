import { describe, expect, it } from 'vitest';
import { toOpenAIRequestBody } from './toOpenAIRequestBody.js';

describe('toOpenAIRequestBody', () => {
  it('sends a prompt with only the sampling fields given, streaming with usage', () => {
    expect(
      toOpenAIRequestBody({ model: 'far-demo', prompt: 'The', maxTokens: 8, temperature: 0 }, 'tiny'),
    ).toEqual({
      model: 'tiny',
      prompt: 'The',
      max_tokens: 8,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('sends a chat, and continues a trailing assistant message in place', () => {
    const body = toOpenAIRequestBody(
      {
        model: 'far-demo',
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hel' },
        ],
        maxTokens: 8,
        temperature: 0.7,
        topP: 0.9,
        seed: 1,
        stop: ['.'],
      },
      'tiny',
    );
    expect(body).toMatchObject({
      messages: [{ role: 'user' }, { role: 'assistant', content: 'Hel' }],
      continue_final_message: true,
      add_generation_prompt: false,
      top_p: 0.9,
      seed: 1,
      stop: ['.'],
    });
    expect('prompt' in body).toBe(false);
  });
});
