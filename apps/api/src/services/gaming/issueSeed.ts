import { randomBytes } from 'node:crypto';
import { type Db, type GamingSeed, gamingSeeds } from '@far/db';
import { GAME_MODES, type GameMode, TICK_RATE } from '@far/farcana-game';
import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Caller } from '../../http/appEnv.js';
import { RunRejectedError } from './RunRejectedError.js';
import type { TournamentDirectory } from './TournamentDirectory.js';

/** Time a player has after the round's own length to submit, for a slow network or a pause. */
const SUBMIT_GRACE_SECONDS = 120;

export type IssueSeedRequest = {
  caller: Caller;
  /** Practice picks its mode; a tournament run always plays the tournament's. */
  mode: GameMode;
  tournamentId?: string | undefined;
  now: Date;
};

async function tournamentMode(
  tournaments: TournamentDirectory,
  request: IssueSeedRequest,
  tournamentId: string,
): Promise<GameMode> {
  const tournament = await tournaments.find(tournamentId);
  if (!tournament) throw new RunRejectedError('tournament_not_found', `no tournament ${tournamentId}`);
  if (request.now < tournament.startsAt || request.now >= tournament.endsAt) {
    throw new RunRejectedError('tournament_not_live', `tournament ${tournamentId} is not running now`);
  }
  if (!(await tournaments.isEntrant(tournamentId, request.caller.walletAddress.toLowerCase()))) {
    throw new RunRejectedError('not_an_entrant', `enter tournament ${tournamentId} before playing it`);
  }
  return tournament.mode;
}

/**
 * Issues a single-use seed for one run: practice, or a run in a tournament the caller has entered
 * while it is live. A player has one open run per slot: a new practice seed abandons the open one,
 * but a tournament run must be submitted (or expire) before the next, so nobody re-rolls seeds
 * until one looks easy.
 *
 * @param db - the database.
 * @param tournaments - where tournaments and entrants are read.
 * @param request - who asks, for what.
 * @returns the seed row.
 * @throws RunRejectedError (`tournament_not_found`, `tournament_not_live`, `not_an_entrant`,
 *   `run_in_progress`).
 */
export async function issueSeed(
  db: Db,
  tournaments: TournamentDirectory,
  request: IssueSeedRequest,
): Promise<GamingSeed> {
  const { caller, now, tournamentId } = request;
  const mode = tournamentId ? await tournamentMode(tournaments, request, tournamentId) : request.mode;
  const slot = tournamentId ? eq(gamingSeeds.tournamentId, tournamentId) : isNull(gamingSeeds.tournamentId);
  const open = and(eq(gamingSeeds.userId, caller.userId), slot, isNull(gamingSeeds.closedAt));
  return db.transaction(async (tx) => {
    await tx
      .update(gamingSeeds)
      .set({ closedAt: now, closedAs: 'expired' })
      .where(and(open, lt(gamingSeeds.expiresAt, now)));
    if (!tournamentId) {
      await tx.update(gamingSeeds).set({ closedAt: now, closedAs: 'abandoned' }).where(open);
    }
    const roundSeconds = GAME_MODES[mode].roundTicks / TICK_RATE;
    const [row] = await tx
      .insert(gamingSeeds)
      .values({
        seed: `0x${randomBytes(32).toString('hex')}`,
        userId: caller.userId,
        mode,
        tournamentId: tournamentId ?? null,
        issuedAt: now,
        expiresAt: new Date(now.getTime() + (roundSeconds + SUBMIT_GRACE_SECONDS) * 1000),
      })
      // The partial unique index (one open seed per player and slot) decides a race between two
      // requests too; the loser is told a run is in progress.
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new RunRejectedError(
        'run_in_progress',
        'finish or let expire the run already started in this tournament',
      );
    }
    return row;
  });
}
