import { describe, expect, it } from 'vitest';
import { toLlamaChatHistory } from './toLlamaChatHistory.js';

const question = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Tell me about the river.' },
];

describe('toLlamaChatHistory', () => {
  it('opens an empty model turn after a user message', () => {
    expect(toLlamaChatHistory(question, { spacePrefix: true })).toEqual([
      { type: 'system', text: 'Be brief.' },
      { type: 'user', text: 'Tell me about the river.' },
      { type: 'model', response: [] },
    ]);
  });

  it('continues a trailing assistant message in place, with the first word space the answer dropped', () => {
    const history = toLlamaChatHistory([...question, { role: 'assistant', content: 'The river' }], {
      spacePrefix: true,
    });
    expect(history).toHaveLength(3);
    expect(history.at(-1)).toEqual({ type: 'model', response: [' The river'] });
  });

  it('continues a trailing assistant message as is when the tokenizer has no space prefix', () => {
    const history = toLlamaChatHistory([...question, { role: 'assistant', content: 'The river' }], {
      spacePrefix: false,
    });
    expect(history.at(-1)).toEqual({ type: 'model', response: ['The river'] });
  });

  it('keeps earlier assistant turns as they are', () => {
    const history = toLlamaChatHistory(
      [...question, { role: 'assistant', content: 'It runs.' }, { role: 'user', content: 'Where?' }],
      { spacePrefix: true },
    );
    expect(history.slice(2)).toEqual([
      { type: 'model', response: ['It runs.'] },
      { type: 'user', text: 'Where?' },
      { type: 'model', response: [] },
    ]);
  });
});
