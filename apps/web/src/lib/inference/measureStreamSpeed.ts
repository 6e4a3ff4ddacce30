export type StreamTimings = {
  /** Milliseconds from sending the request to the first token. */
  timeToFirstTokenMs: number | null;
  /** Completion tokens per second, measured from the first token to the last. */
  tokensPerSecond: number | null;
};

/**
 * Derives time to first token and generation speed from client-side timestamps.
 * @param startedAt - when the request was sent (ms)
 * @param firstTokenAt - when the first token arrived (ms), or null
 * @param lastTokenAt - when the latest token arrived (ms), or null
 * @param tokens - completion tokens received
 * @returns the timings, null where not measurable yet
 */
export function measureStreamSpeed(
  startedAt: number,
  firstTokenAt: number | null,
  lastTokenAt: number | null,
  tokens: number,
): StreamTimings {
  if (firstTokenAt === null) return { timeToFirstTokenMs: null, tokensPerSecond: null };
  const timeToFirstTokenMs = firstTokenAt - startedAt;
  const generationMs = (lastTokenAt ?? firstTokenAt) - firstTokenAt;
  // The first token's arrival starts the clock, so speed counts the tokens after it.
  const tokensPerSecond = tokens > 1 && generationMs > 0 ? ((tokens - 1) * 1000) / generationMs : null;
  return { timeToFirstTokenMs, tokensPerSecond };
}
