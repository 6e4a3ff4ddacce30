/** A character PostgreSQL cannot keep in `text` or `jsonb`, and where it is. */
export type UnstorableCharacter = {
  /** UTF-16 index in the string. */
  index: number;
  /** `U+0000` or `U+D800`…: the code unit, as a person reads it. */
  character: string;
  reason: 'nul' | 'unpaired_surrogate';
};

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
export const UNSTORABLE_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point.
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Finds the first character PostgreSQL cannot store: U+0000 (refused in `text` and `jsonb`) or an
 * unpaired UTF-16 surrogate (refused in `jsonb` as `\ud800`, silently replaced by U+FFFD in `text`;
 * it is not Unicode text at all). Every other string is storable.
 *
 * @param text - any string.
 * @returns the first such character, or undefined when the text is storable.
 * @example
 * findUnstorableCharacter('sea\u0000'); // { index: 3, character: 'U+0000', reason: 'nul' }
 */
export function findUnstorableCharacter(text: string): UnstorableCharacter | undefined {
  const match = UNSTORABLE_CHARACTER.exec(text);
  if (!match) return undefined;
  const unit = match[0].charCodeAt(0);
  return {
    index: match.index,
    character: `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`,
    reason: unit === 0 ? 'nul' : 'unpaired_surrogate',
  };
}

/**
 * Whether PostgreSQL can store `text` unchanged (see {@link findUnstorableCharacter}).
 *
 * @example
 * z.string().refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);
 */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE_CHARACTER.test(text);
}

/** The message of a refused field, the same wherever text is refused. */
export const UNSTORABLE_TEXT_MESSAGE =
  'must not contain U+0000 (NUL) or an unpaired UTF-16 surrogate (\\ud800-\\udfff)';
