import type { Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { createLlamaTokenDecoder } from './createLlamaTokenDecoder.js';

// A byte-level vocabulary: token n is the byte n, so a multi-byte character spans several tokens.
const bytesOf = (text: string) => [...new TextEncoder().encode(text)] as Token[];
const detokenize = (tokens: Token[]) => new TextDecoder().decode(new Uint8Array(tokens));

describe('createLlamaTokenDecoder', () => {
  it('holds the bytes of a character back until it is whole', () => {
    const decoder = createLlamaTokenDecoder(detokenize, []);
    const pieces = bytesOf('aé€').map((token) => decoder.push(token));
    expect(pieces).toEqual(['a', '', 'é', '', '', '€']);
    expect(decoder.count).toBe(6);
  });

  it('gives up holding after four tokens', () => {
    const decoder = createLlamaTokenDecoder(detokenize, []);
    const pieces = ([0xe2, 0xe2, 0xe2, 0xe2] as Token[]).map((token) => decoder.push(token));
    expect(pieces.slice(0, 3)).toEqual(['', '', '']);
    expect(pieces[3]).toMatch(/\uFFFD/);
  });

  it('decodes with the four tokens before it as context: the prompt first, then the answer', () => {
    const contexts: Token[][] = [];
    const decoder = createLlamaTokenDecoder((tokens, context) => {
      contexts.push(context);
      return detokenize(tokens);
    }, bytesOf('prompt'));
    for (const token of bytesOf('abcdef')) decoder.push(token);
    expect(contexts[0]).toEqual(bytesOf('ompt'));
    expect(contexts[2]).toEqual([...bytesOf('pt'), ...bytesOf('ab')]);
    expect(contexts[5]).toEqual(bytesOf('bcde'));
  });
});
