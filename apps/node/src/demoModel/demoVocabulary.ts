import { DemoModelError } from './demoModelError.js';

/** SentencePiece token types as llama.cpp reads them from `tokenizer.ggml.token_type`. */
export const tokenType = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

/** The word-level SentencePiece vocabulary of the demo model. */
export type DemoVocabulary = {
  /** Token texts by id; words carry the SentencePiece space marker ("▁the"). */
  tokens: readonly string[];
  scores: Float32Array;
  types: Int32Array;
  idOf: ReadonlyMap<string, number>;
  unknownId: number;
  bosId: number;
  eosId: number;
  imStartId: number;
  imEndId: number;
  /** `byteIds[b]` is the id of the byte-fallback token `<0xBB>`. */
  byteIds: readonly number[];
  /** Whole words ("▁river") and single punctuation characters, in id order: what the model may say. */
  wordIds: readonly number[];
  punctuationIds: readonly number[];
};

/** SentencePiece writes a space as U+2581 so that pieces can carry their leading space. */
export const spaceMarker = '\u2581';

/**
 * Builds the demo vocabulary from corpus paragraphs: special tokens, the 256 byte-fallback tokens,
 * the corpus' punctuation characters, its most frequent words as "▁word" pieces, and every prefix
 * of those pieces. llama.cpp's SentencePiece tokenizer only merges two symbols when the merged text
 * is itself a token, so "▁river" is reachable only through "▁r", "▁ri", … .
 * @param paragraphs corpus paragraphs (plain text, ASCII)
 * @param options `maxWords`: how many distinct words to keep (most frequent first)
 * @returns the vocabulary, deterministic for the same input
 * @example
 * const vocabulary = buildDemoVocabulary(['The river runs.'], { maxWords: 100 });
 */
export function buildDemoVocabulary(
  paragraphs: readonly string[],
  options: { maxWords: number },
): DemoVocabulary {
  const wordCounts = new Map<string, number>();
  const punctuationCounts = new Map<string, number>();
  let total = 0;
  for (const paragraph of paragraphs) {
    const escaped = spaceMarker + paragraph.replaceAll(' ', spaceMarker);
    for (const match of escaped.matchAll(/\u2581[A-Za-z]+|[^A-Za-z\u2581]/g)) {
      const piece = match[0];
      const counts = piece.startsWith(spaceMarker) ? wordCounts : punctuationCounts;
      counts.set(piece, (counts.get(piece) ?? 0) + 1);
      total += 1;
    }
  }
  if (wordCounts.size === 0) throw new DemoModelError('CORPUS_INVALID', 'the corpus contains no words');

  const byCountThenText = (a: [string, number], b: [string, number]) =>
    b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const words = [...wordCounts].sort(byCountThenText).slice(0, options.maxWords);
  const punctuation = [...punctuationCounts].sort(byCountThenText);

  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const idOf = new Map<string, number>();
  const add = (text: string, score: number, type: number): number => {
    const existing = idOf.get(text);
    if (existing !== undefined) return existing;
    const id = tokens.length;
    tokens.push(text);
    scores.push(score);
    types.push(type);
    idOf.set(text, id);
    return id;
  };

  const unknownId = add('<unk>', 0, tokenType.unknown);
  const bosId = add('<s>', 0, tokenType.control);
  const eosId = add('</s>', 0, tokenType.control);
  const byteIds: number[] = [];
  for (let byte = 0; byte < 256; byte++) {
    byteIds.push(add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, 0, tokenType.byte));
  }
  const imStartId = add('<|im_start|>', 0, tokenType.control);
  const imEndId = add('<|im_end|>', 0, tokenType.control);
  // A lone space (double spaces, trailing space) stays one readable token instead of three bytes.
  add(spaceMarker, -1e4, tokenType.normal);
  const punctuationIds = punctuation.map(([text, count]) =>
    add(text, Math.log(count / total), tokenType.normal),
  );
  const wordIds = words.map(([text, count]) => add(text, Math.log(count / total), tokenType.normal));
  // Prefixes only serve as merge steps; their low scores keep them behind every real piece.
  const prefixes = new Set<string>();
  for (const [word] of words) {
    for (let end = 2; end < word.length; end++) prefixes.add(word.slice(0, end));
  }
  for (const prefix of [...prefixes].sort()) add(prefix, -1e3 - prefix.length, tokenType.normal);

  return {
    tokens,
    scores: Float32Array.from(scores),
    types: Int32Array.from(types),
    idOf,
    unknownId,
    bosId,
    eosId,
    imStartId,
    imEndId,
    byteIds,
    wordIds,
    punctuationIds,
  };
}
