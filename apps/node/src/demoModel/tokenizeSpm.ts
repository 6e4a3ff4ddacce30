import { type DemoVocabulary, spaceMarker } from './demoVocabulary.js';

const utf8 = new TextEncoder();

/**
 * Tokenizes plain text the way llama.cpp's SentencePiece ("llama") tokenizer does for this vocabulary:
 * optional BOS, a space prefix, spaces as "▁", then repeatedly merge the adjacent pair whose merged
 * text is the highest-scoring token (leftmost on ties), and fall back to byte tokens for leftovers.
 * Control tokens in the text are not parsed (they are plain characters here).
 * @param vocabulary the demo vocabulary
 * @param text text to tokenize
 * @param options `addBos` (default true) and `addSpacePrefix` (default true) mirror the GGUF flags
 * @returns token ids
 * @example
 * tokenizeSpm(vocabulary, 'The river'); // [bos, id('▁The'), id('▁river')]
 */
export function tokenizeSpm(
  vocabulary: DemoVocabulary,
  text: string,
  options: { addBos?: boolean; addSpacePrefix?: boolean } = {},
): number[] {
  const output: number[] = [];
  if (options.addBos ?? true) output.push(vocabulary.bosId);
  if (text.length === 0) return output;
  const escaped = ((options.addSpacePrefix ?? true) ? ' ' : '') + text;
  const marked = escaped.replaceAll(' ', spaceMarker);
  // No token has "▁" after its first character, so no merge crosses the start of a "▁" run:
  // tokenizing each "▁"-led chunk separately equals tokenizing the whole string.
  for (const chunk of marked.split(/(?=\u2581)/)) tokenizeChunk(vocabulary, chunk, output);
  return output;
}

function tokenizeChunk(vocabulary: DemoVocabulary, chunk: string, output: number[]): void {
  const symbols = Array.from(chunk);
  for (;;) {
    let bestIndex = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const id = vocabulary.idOf.get((symbols[i] as string) + (symbols[i + 1] as string));
      if (id === undefined) continue;
      const score = vocabulary.scores[id] as number;
      if (score > bestScore) {
        bestScore = score;
        bestIndex = i;
      }
    }
    if (bestIndex < 0) break;
    symbols.splice(bestIndex, 2, (symbols[bestIndex] as string) + (symbols[bestIndex + 1] as string));
  }
  for (const symbol of symbols) {
    const id = vocabulary.idOf.get(symbol);
    if (id !== undefined && vocabulary.types[id] !== 3) {
      output.push(id);
      continue;
    }
    for (const byte of utf8.encode(symbol)) output.push(vocabulary.byteIds[byte] as number);
  }
}
