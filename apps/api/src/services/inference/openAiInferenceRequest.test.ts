import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TOKENS, openAiInferenceRequest } from './openAiInferenceRequest.js';
import { ChatCompletionRequestSchema, CompletionRequestSchema } from './openAiSchemas.js';

describe('openAiInferenceRequest', () => {
  it('renames a chat body, maps developer to system and drops names', () => {
    const body = ChatCompletionRequestSchema.parse({
      model: 'far-demo',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hi' }], name: 'ann' },
      ],
      max_completion_tokens: 9,
      max_tokens: 99,
      top_p: 0.5,
      seed: 7,
      stop: '\n',
    });
    expect(openAiInferenceRequest(body)).toEqual({
      model: 'far-demo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      maxTokens: 9,
      temperature: 1,
      topP: 0.5,
      seed: 7,
      stop: ['\n'],
    });
  });

  it('gives a completion body the default budget and no absent fields', () => {
    const body = CompletionRequestSchema.parse({ model: 'far-demo', prompt: 'Once', temperature: 0 });
    expect(openAiInferenceRequest(body)).toStrictEqual({
      model: 'far-demo',
      prompt: 'Once',
      maxTokens: DEFAULT_MAX_TOKENS,
      temperature: 0,
    });
  });
});
