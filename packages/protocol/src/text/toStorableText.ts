import { UNSTORABLE_CHARACTER } from './findUnstorableCharacter.js';

const EVERY_UNSTORABLE_CHARACTER = new RegExp(UNSTORABLE_CHARACTER.source, 'g');

/**
 * Text PostgreSQL can store: every U+0000 and every unpaired surrogate becomes U+FFFD (the
 * replacement character, what a UTF-8 encoder writes for a lone surrogate anyway). For text the
 * coordinator must record but cannot refuse, because the client already has it: a node's answer
 * or error message. Storable text comes back unchanged.
 *
 * @param text - any string.
 * @returns the same number of UTF-16 code units, storable in `text` and `jsonb`.
 * @example
 * toStorableText('a\u0000b\ud800'); // 'a\ufffdb\ufffd'
 */
export function toStorableText(text: string): string {
  return text.replace(EVERY_UNSTORABLE_CHARACTER, '\uFFFD');
}
