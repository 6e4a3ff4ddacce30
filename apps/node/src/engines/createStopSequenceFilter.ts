/** Holds back token texts that might begin a stop sequence; see {@link createStopSequenceFilter}. */
export type StopSequenceFilter = {
  /**
   * Adds one token's text.
   * @returns the token texts that are now safe to deliver, one entry per token, and whether a stop
   * sequence completed (then the generation must end; later tokens are discarded)
   */
  push(text: string): { released: string[]; stopped: boolean };
  /** The generation ended for another reason: everything held back is real output. */
  flush(): string[];
};

/**
 * Creates the per-generation filter that keeps stop sequences out of the stream while keeping one
 * event per token: a token whose text could be the start of a stop sequence is held (whole) until
 * the following text decides; the token in which a stop sequence starts is cut before it.
 * @param stops stop sequences (empty strings ignored)
 * @returns a stateful filter for one generation
 * @example
 * const filter = createStopSequenceFilter(['\n\n']);
 * filter.push('Hello'); // { released: ['Hello'], stopped: false }
 */
export function createStopSequenceFilter(stops: readonly string[]): StopSequenceFilter {
  const sequences = stops.filter((stop) => stop.length > 0);
  let held: string[] = [];

  return {
    push(text) {
      held.push(text);
      const pending = held.join('');
      let stopAt = -1;
      for (const stop of sequences) {
        const index = pending.indexOf(stop);
        if (index >= 0 && (stopAt < 0 || index < stopAt)) stopAt = index;
      }
      if (stopAt >= 0) {
        const released: string[] = [];
        let offset = 0;
        for (const piece of held) {
          if (offset >= stopAt) break;
          released.push(piece.slice(0, stopAt - offset));
          offset += piece.length;
        }
        held = [];
        return { released, stopped: true };
      }
      const safeLength = pending.length - longestStopPrefixSuffix(pending, sequences);
      const released: string[] = [];
      let offset = 0;
      while (held.length > 0 && offset + (held[0] as string).length <= safeLength) {
        const piece = held.shift() as string;
        offset += piece.length;
        released.push(piece);
      }
      return { released, stopped: false };
    },
    flush() {
      const released = held;
      held = [];
      return released;
    },
  };
}

/** Length of the longest suffix of `text` that is a proper prefix of some stop sequence. */
function longestStopPrefixSuffix(text: string, sequences: readonly string[]): number {
  let longest = 0;
  for (const stop of sequences) {
    for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(stop.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
