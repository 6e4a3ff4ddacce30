import { type NodeScoreInputs, nodeScoreTarget } from '../scores/nodeScoreTarget.js';

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Weight of the node's current score in each update (the seed's 0.7): one task moves it 30 % of the way. */
export const SCORE_MEMORY = 0.7;

/**
 * The reliability update after each task: `score·0.7 + target·0.3`, where the target is the public
 * formula over the node's measured inputs (`nodeScoreTarget`: uptime, speed against the model's
 * expected speed, time to first token, audit pass rate and this task's accuracy). Inputs are clamped
 * to their ranges, so one wild metric cannot buy a perfect score.
 *
 * @param score - the node's current score, 0..100.
 * @param inputs - the node's standing (uptime, audits) and this task's measurements.
 * @returns the new score, 0..100.
 * @example
 * updateNodeScore(80, { uptime: 1, tokensPerSecond: 50, expectedTokensPerSecond: 50, firstTokenLatencyMs: 400, auditPassRate: 1, accuracy: 1 }) // 86
 */
export function updateNodeScore(score: number, inputs: NodeScoreInputs): number {
  const current = Number.isFinite(score) ? clamp(score, 0, 100) : 0;
  const next = current * SCORE_MEMORY + nodeScoreTarget(inputs) * (1 - SCORE_MEMORY);
  return clamp(Number.isFinite(next) ? next : 0, 0, 100);
}
