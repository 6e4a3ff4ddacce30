import type { AuditorStats } from './auditorContext.js';

/**
 * The auditor's counters before it has seen a task: every count zero.
 *
 * @returns a fresh stats object the caller may mutate.
 * @example
 * const ctx: AuditorContext = { db, network, logger, config, runCostWei, stats: emptyAuditStats() };
 */
export function emptyAuditStats(): AuditorStats {
  return {
    userTasks: 0,
    userTokens: 0,
    audits: 0,
    canaries: 0,
    checkTokens: 0,
    strikes: 0,
    suspensions: 0,
  };
}
