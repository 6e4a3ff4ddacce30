/** How often nodes are checked, and when strikes suspend them (see README.md, "Rates"). */
export type AuditConfig = {
  /** Share of an established node's greedy tasks re-run on another node (default 1 %). */
  auditRate: number;
  /** Canaries per served task for an established node (default 1 %). */
  canaryRate: number;
  /** The audit share while a node is on probation (new or low score; default 3 %). */
  probationAuditRate: number;
  /** Canaries per served task on probation (default 30 %): canaries are short, so this stays cheap. */
  probationCanaryRate: number;
  /**
   * Passed checks that end a node's probation (default 100): a cheater altering 5 % of its answers
   * passes 20 checks in a row a third of the time, 100 almost never.
   */
  probationPassedChecks: number;
  /** A node scoring below this is on probation again (default 60). */
  lowScore: number;
  /** Strikes within `strikeWindowMs` that suspend a node (default 3). */
  strikesToSuspend: number;
  strikeWindowMs: number;
  /** Checks in flight at most (more are skipped, never queued: audits must not starve users). */
  maxInFlight: number;
};

export const DEFAULT_AUDIT_CONFIG: AuditConfig = Object.freeze({
  auditRate: 0.01,
  canaryRate: 0.01,
  probationAuditRate: 0.03,
  probationCanaryRate: 0.3,
  probationPassedChecks: 100,
  lowScore: 60,
  strikesToSuspend: 3,
  strikeWindowMs: 24 * 60 * 60 * 1000,
  maxInFlight: 8,
});

/** What the rates depend on: the node's passed checks so far and its live score. */
export type AuditStanding = { passedChecks: number; score: number };

/**
 * The chance that a task a node just served is re-run elsewhere, and that a canary follows it.
 * New nodes (fewer than `probationPassedChecks` passed checks) and low-score nodes are on
 * probation: checked more.
 *
 * @returns both probabilities, 0..1.
 * @example
 * auditRatesFor({ passedChecks: 0, score: 80 }, DEFAULT_AUDIT_CONFIG) // { audit: 0.03, canary: 0.3, probation: true }
 */
export function auditRatesFor(
  standing: AuditStanding,
  config: AuditConfig,
): { audit: number; canary: number; probation: boolean } {
  const probation = standing.passedChecks < config.probationPassedChecks || standing.score < config.lowScore;
  return probation
    ? { audit: config.probationAuditRate, canary: config.probationCanaryRate, probation }
    : { audit: config.auditRate, canary: config.canaryRate, probation };
}
