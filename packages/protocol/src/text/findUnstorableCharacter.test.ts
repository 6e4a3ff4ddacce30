import { describe, expect, it } from 'vitest';
import { findUnstorableCharacter, isStorableText } from './findUnstorableCharacter.js';

describe('findUnstorableCharacter', () => {
  it('finds NUL and unpaired surrogates, high or low, and says where', () => {
    expect(findUnstorableCharacter('Tell me about the sea\u0000')).toEqual({
      index: 21,
      character: 'U+0000',
      reason: 'nul',
    });
    expect(findUnstorableCharacter('a\ud800')).toMatchObject({ index: 1, character: 'U+D800' });
    expect(findUnstorableCharacter('a\ud800b')).toMatchObject({ index: 1, reason: 'unpaired_surrogate' });
    expect(findUnstorableCharacter('\udc00')).toMatchObject({ index: 0, character: 'U+DC00' });
    expect(findUnstorableCharacter('🌊\udf0a')).toMatchObject({ index: 2 });
    expect(findUnstorableCharacter('\ud83c\ud83c\udf0a')).toMatchObject({ index: 0 });
  });

  it('accepts everything else: surrogate pairs, U+FFFD, noncharacters, other controls', () => {
    for (const text of ['', 'sea 🌊', '\ufffd', '\uffff\ufffe', '\u0001\u001f\u007f', 'é\u200b\u202e']) {
      expect(findUnstorableCharacter(text)).toBeUndefined();
      expect(isStorableText(text)).toBe(true);
    }
  });
});
