import { describe, expect, it } from 'vitest';
import { buildDemoVocabulary } from './demoVocabulary.js';
import { tokenizeSpm } from './tokenizeSpm.js';

const vocabulary = buildDemoVocabulary(
  ['The river runs to the sea.', 'The sea is old, the river is young.'],
  {
    maxWords: 100,
  },
);
const pieces = (text: string, options?: Parameters<typeof tokenizeSpm>[2]) =>
  tokenizeSpm(vocabulary, text, options).map((id) => vocabulary.tokens[id]);

describe('tokenizeSpm', () => {
  it('splits known words into whole "▁word" pieces with punctuation apart', () => {
    expect(pieces('The river is old.')).toEqual(['<s>', '▁The', '▁river', '▁is', '▁old', '.']);
  });

  it('keeps the longest known prefix of an unknown word and spells the rest in bytes', () => {
    expect(pieces('rivet', { addBos: false })).toEqual(['▁rive', '<0x74>']);
  });

  it('falls back to UTF-8 bytes for characters outside the vocabulary', () => {
    expect(pieces('é', { addBos: false })).toEqual(['▁', '<0xC3>', '<0xA9>']);
  });

  it('does not parse control tokens written as text', () => {
    expect(pieces('</s>', { addBos: false, addSpacePrefix: false })).toEqual([
      '<0x3C>',
      '<0x2F>',
      '<0x73>',
      '<0x3E>',
    ]);
  });

  it('turns a newline into its byte token and a double space into a lone "▁"', () => {
    expect(pieces('sea\nThe  sea', { addBos: false })).toEqual([
      '▁sea',
      '<0x0A>',
      '<0x54>',
      '<0x68>',
      '<0x65>',
      '▁',
      '▁sea',
    ]);
  });
});
