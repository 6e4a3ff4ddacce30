/**
 * What the counting model answers: the numbers after the last integer in `text` (0 if none),
 * one token each, e.g. `' 4'`, `' 5'`. Deterministic, and a function of the text alone, so a
 * continuation from "prompt + delivered text" is exactly the rest of the uninterrupted answer.
 *
 * @param text - the prompt (or chat contents) so far.
 * @param count - tokens to produce.
 * @returns the tokens.
 * @example
 * countingTokens('Count up from 0: 1 2', 2) // [' 3', ' 4']
 */
export function countingTokens(text: string, count: number): string[] {
  const from = lastInteger(text);
  return Array.from({ length: count }, (_, i) => ` ${from + i + 1}`);
}

/**
 * The last integer written in `text`: where a counting answer (or its continuation) starts.
 *
 * @param text - a prompt or chat contents.
 * @returns that integer, or 0 when `text` has none.
 * @example
 * lastInteger('Request r7. Count up from 0: 1 2') // 2
 */
export function lastInteger(text: string): number {
  const all = text.match(/\d+/g);
  return all ? Number(all.at(-1)) : 0;
}
