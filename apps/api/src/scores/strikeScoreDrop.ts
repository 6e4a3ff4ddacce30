import { NODE_SCORE_WEIGHTS } from './nodeScoreTarget.js';

/** The formula's audit pass rate: passes over checks, 1 for a node never checked (`readNodeStandings`). */
const passRate = (passes: number, checks: number): number => (checks > 0 ? passes / checks : 1);

/**
 * How many points one strike takes off a node's score: exactly what it takes off the public
 * formula's target, `100 × 0.20 × (pass rate before − pass rate after)`. The auditor takes it off the
 * live score at once; the target already carries it, so the score's next updates do not take it
 * again (a strike is counted once, through the audit pass rate). A node's first check failing costs
 * 20 points; its 10th, after 9 passes, 2.
 *
 * @param after - the node's checks and passes with the strike counted.
 * @returns the drop in points, 0..20.
 * @example
 * strikeScoreDrop({ checks: 10, passes: 9 }) // 2
 */
export function strikeScoreDrop(after: { checks: number; passes: number }): number {
  const { checks, passes } = after;
  if (checks < 1) return 0;
  return 100 * NODE_SCORE_WEIGHTS.audits * (passRate(passes, checks - 1) - passRate(passes, checks));
}
