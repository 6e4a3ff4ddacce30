import { describe, expect, it } from 'vitest';
import { isStorableText } from './findUnstorableCharacter.js';
import { toStorableJson } from './toStorableJson.js';
import { toStorableText } from './toStorableText.js';

describe('toStorableText', () => {
  it('replaces each unstorable code unit with U+FFFD and keeps pairs and the length', () => {
    expect(toStorableText('a\u0000b\ud800c\udc00🌊\u0000')).toBe('a\ufffdb\ufffdc\ufffd🌊\ufffd');
    expect(toStorableText('\udf0a\udf0a')).toBe('\ufffd\ufffd');
    expect(toStorableText('sea 🌊')).toBe('sea 🌊');
    expect(isStorableText(toStorableText('\ud83c\ud83c\udf0a\udf0a'))).toBe(true);
  });

  it('cleans every string of a JSON document, keys included, and leaves the rest', () => {
    const doc = { prompt: [{ role: 'user', content: 'sea\u0000' }], 'k\ud800': null, n: 1, ok: true };
    expect(toStorableJson(doc)).toEqual({
      prompt: [{ role: 'user', content: 'sea\ufffd' }],
      'k\ufffd': null,
      n: 1,
      ok: true,
    });
  });
});
