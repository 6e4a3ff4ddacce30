import type { GamingRun } from '@far/db';

/** A run as the API shows it (the input log stays on the server). */
export function toRunResponse(run: GamingRun) {
  return {
    runId: run.id,
    status: run.status,
    mode: run.mode,
    tournamentId: run.tournamentId,
    season: run.season,
    claimedScore: run.claimedScore,
    score: run.score,
    ticks: run.ticks,
    rejectReason: run.rejectReason,
    submittedAt: run.submittedAt.toISOString(),
  };
}
