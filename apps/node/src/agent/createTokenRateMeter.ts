export type TokenRateMeter = {
  /** Records `count` tokens produced at `at` (ms). */
  record(count: number, at?: number): void;
  /** Tokens per second over the window ending at `at`. */
  rate(at?: number): number;
};

/**
 * Tokens per second over a sliding window, kept as one counter per second so memory stays
 * constant however fast the engine runs.
 *
 * @param windowSeconds - how far back the rate looks (default 10 s).
 * @returns the meter.
 */
export function createTokenRateMeter(windowSeconds = 10): TokenRateMeter {
  const buckets = new Map<number, number>();
  const prune = (nowSecond: number): void => {
    for (const second of buckets.keys()) if (second <= nowSecond - windowSeconds) buckets.delete(second);
  };
  let prunedAt: number | undefined;
  return {
    record(count, at = Date.now()) {
      const second = Math.floor(at / 1000);
      buckets.set(second, (buckets.get(second) ?? 0) + count);
      // Called per token: old buckets can only expire when the second changes.
      if (second !== prunedAt) {
        prunedAt = second;
        prune(second);
      }
    },
    rate(at = Date.now()) {
      const second = Math.floor(at / 1000);
      prune(second);
      let total = 0;
      for (const n of buckets.values()) total += n;
      return total / windowSeconds;
    },
  };
}
