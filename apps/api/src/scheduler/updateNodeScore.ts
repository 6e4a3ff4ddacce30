export type NodePerformanceMetrics = {
  /** Uptime in percent, 0..100. */
  uptime: number;
  /** Measured tokens per second on the task. */
  actualSpeed: number;
  /** The model's expected tokens per second (`ModelSpec.tokensPerSecond`). */
  expectedSpeed: number;
  /** Share of results judged correct, 0..1. */
  accuracy: number;
};

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * The reliability update after each task: `score·0.7 + uptime/100·10 + min(1, actual/expected)·10 +
 * accuracy·10`, clamped to 0..100. Inputs are clamped to their ranges first so one bad metric
 * (a node claiming 10⁶ % uptime) cannot buy a perfect score.
 *
 * @param score - the node's current score, 0..100.
 * @param metrics - the task's measurements.
 * @returns the new score.
 * @example
 * updateNodeScore(100, { uptime: 99.5, actualSpeed: 50, expectedSpeed: 50, accuracy: 0.98 }) // 99.75
 */
export function updateNodeScore(score: number, metrics: NodePerformanceMetrics): number {
  const uptimeFactor = clamp(metrics.uptime, 0, 100) / 100;
  const speedFactor =
    metrics.expectedSpeed > 0 ? clamp(metrics.actualSpeed / metrics.expectedSpeed, 0, 1) : 1;
  const accuracyFactor = clamp(metrics.accuracy, 0, 1);
  const next = clamp(score, 0, 100) * 0.7 + uptimeFactor * 10 + speedFactor * 10 + accuracyFactor * 10;
  return clamp(Number.isFinite(next) ? next : 0, 0, 100);
}
