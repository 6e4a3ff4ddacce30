import { type Db, type GamingRun, type GamingSeed, gamingRuns, gamingSeeds } from '@far/db';
import { decodeInputLog, type GameMode, InputLogError, simulateRun } from '@far/farcana-game';
import { eq } from 'drizzle-orm';
import type { Caller } from '../../http/appEnv.js';
import { RunRejectedError, type RunRejection } from './RunRejectedError.js';
import { seasonOf } from './seasonOf.js';

export type SubmitRunRequest = {
  caller: Caller;
  seed: string;
  /** The encoded input log (`encodeInputLog`). */
  inputLog: string;
  /** The score the client showed; the server's replay must match it. */
  claimedScore: number;
  now: Date;
};

type Replay = { score: number; ticks: number } | { rejection: RunRejection; message: string };

function replay(seed: GamingSeed, request: SubmitRunRequest): Replay {
  try {
    const mode = seed.mode as GameMode;
    const result = simulateRun(seed.seed, decodeInputLog(request.inputLog, mode), mode);
    if (result.score !== request.claimedScore) {
      return {
        rejection: 'score_mismatch',
        message: `the replay scores ${result.score}, not the ${request.claimedScore} claimed`,
      };
    }
    return result;
  } catch (error) {
    if (error instanceof InputLogError) return { rejection: error.reason, message: error.message };
    throw error;
  }
}

function checkOpen(seed: GamingSeed | undefined, request: SubmitRunRequest): asserts seed is GamingSeed {
  if (!seed || seed.userId !== request.caller.userId) {
    throw new RunRejectedError('seed_not_issued_to_caller', 'this seed was not issued to you');
  }
  if (seed.closedAs === 'submitted')
    throw new RunRejectedError('seed_already_used', 'a run was already submitted on this seed');
  if (seed.closedAs === 'abandoned')
    throw new RunRejectedError('seed_abandoned', 'a newer practice run replaced this seed');
  if (seed.closedAs === 'expired' || seed.expiresAt <= request.now) {
    throw new RunRejectedError('seed_expired', 'the time to submit a run on this seed has passed');
  }
}

/**
 * Verifies a run by replaying it: the seed must be the caller's, open and unexpired; the input log
 * must pass the bounds; the replayed score must equal the claimed one. The seed is spent by the
 * first submission whatever its outcome, and a rejected run is stored with its reason, so a player
 * cannot probe scores on one seed. Only the replayed score is ever stored as verified.
 *
 * @param db - the database.
 * @param request - the caller, the seed, the log, the claimed score.
 * @returns the verified run.
 * @throws RunRejectedError with the reason (seed problems, an input-log bound, `score_mismatch`).
 */
export async function submitRun(db: Db, request: SubmitRunRequest): Promise<GamingRun> {
  const outcome = await db.transaction(async (tx) => {
    // Locked, so two submissions on one seed are serialised and the second sees it spent.
    const [seed] = await tx
      .select()
      .from(gamingSeeds)
      .where(eq(gamingSeeds.seed, request.seed))
      .for('update');
    checkOpen(seed, request);
    const result = replay(seed, request);
    const rejected = 'rejection' in result ? result : undefined;
    await tx
      .update(gamingSeeds)
      .set({ closedAt: request.now, closedAs: 'submitted' })
      .where(eq(gamingSeeds.id, seed.id));
    const [run] = await tx
      .insert(gamingRuns)
      .values({
        seedId: seed.id,
        userId: request.caller.userId,
        walletAddress: request.caller.walletAddress.toLowerCase(),
        mode: seed.mode,
        tournamentId: seed.tournamentId,
        season: seasonOf(request.now),
        claimedScore: request.claimedScore,
        status: rejected ? 'rejected' : 'verified',
        score: 'score' in result ? result.score : null,
        ticks: 'ticks' in result ? result.ticks : null,
        rejectReason: rejected?.rejection ?? null,
        inputLog: request.inputLog,
        submittedAt: request.now,
      })
      .returning();
    if (!run) throw new Error('run insert returned nothing');
    return { run, rejected };
  });
  if (outcome.rejected) throw new RunRejectedError(outcome.rejected.rejection, outcome.rejected.message);
  return outcome.run;
}
