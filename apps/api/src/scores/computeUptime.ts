/** A span a node was online, in epoch milliseconds; `end` ≥ `start`. */
export type OnlineInterval = { start: number; end: number };

/** Below this much history, uptime is not yet measurable and counts as full. */
const MIN_UPTIME_WINDOW_MS = 60_000;

/**
 * The share of a window a node was online: the union of its online intervals clipped to
 * `[max(from, firstSeenAt), to]`, over that span's length. A node first seen inside the window is
 * judged since then (a day-old node online all day has 100 %, not 1/7). Overlapping intervals (a
 * reconnect racing the old connection's close) count once.
 *
 * @param intervals - the node's online intervals, in any order.
 * @param window - `from` / `to` in epoch ms, and when the node was first seen (its earliest interval if omitted).
 * @returns uptime in 0..1; 1 while less than {@link MIN_UPTIME_WINDOW_MS} of history exists, 0 with no interval.
 * @example
 * computeUptime([{ start: 0, end: 30 * 60_000 }], { from: 0, to: 60 * 60_000 }) // 0.5
 */
export function computeUptime(
  intervals: readonly OnlineInterval[],
  window: { from: number; to: number; firstSeenAt?: number | undefined },
): number {
  if (intervals.length === 0) return 0;
  const firstSeen = window.firstSeenAt ?? Math.min(...intervals.map((i) => i.start));
  const from = Math.max(window.from, firstSeen);
  const span = window.to - from;
  if (span < MIN_UPTIME_WINDOW_MS) return 1;
  const clipped = intervals
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, window.to) }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start);
  let covered = 0;
  let reach = from;
  for (const interval of clipped) {
    const start = Math.max(interval.start, reach);
    if (interval.end > start) covered += interval.end - start;
    reach = Math.max(reach, interval.end);
  }
  return Math.min(1, covered / span);
}
