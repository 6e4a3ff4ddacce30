import {
  type Db,
  type GamingCancelReason,
  gamingChainDisputes,
  gamingChainEntries,
  gamingChainResults,
  gamingChainTournaments,
} from '@far/db';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { hexToString, isHex, size } from 'viem';
import { applyGamingPayoutEvent } from './applyGamingPayoutEvent.js';
import type { GamingChainNotice } from './GamingChainNotice.js';
import type { GamingChainEvent } from './readGamingChainEvents.js';

/** TournamentPool's CancelReason enum, by index. */
const cancelReasons: readonly GamingCancelReason[] = [
  'by_organiser',
  'too_few_players',
  'no_results',
  'dispute_upheld',
  'dispute_unresolved',
];

const lower = (address: string) => address.toLowerCase();
const at = (seconds: number | bigint) => new Date(Number(seconds) * 1000);

/** A left-aligned ASCII bytes32 (`classic`) as text; the hex itself when it is not printable text. */
function decodeMode(modeId: `0x${string}`): string {
  if (!isHex(modeId) || size(modeId) !== 32) return modeId;
  const text = hexToString(modeId, { size: 32 });
  return /^[\x20-\x7e]{1,32}$/.test(text) ? text : modeId;
}

/**
 * Applies one TournamentPool event to the chain mirror, in the caller's transaction. Idempotent: a
 * replayed event (a rewind re-reading the same history) changes nothing it has not already set.
 *
 * @param tx - the transaction the range and its cursor commit in.
 * @param pool - the pool's address, lowercase.
 * @param event - the decoded event.
 * @returns notices to publish once the transaction has committed.
 * @example
 * for (const event of events) notices.push(...(await applyGamingChainEvent(tx, pool, event)));
 */
export async function applyGamingChainEvent(
  tx: Db,
  pool: string,
  event: GamingChainEvent,
): Promise<GamingChainNotice[]> {
  const tournamentId = event.args.tournamentId.toString();
  const key = and(
    eq(gamingChainTournaments.poolAddress, pool),
    eq(gamingChainTournaments.tournamentId, tournamentId),
  );
  const notice: GamingChainNotice = { poolAddress: pool, tournamentId, event: event.eventName, at: event.at };
  switch (event.eventName) {
    case 'TournamentCreated':
      await recordTournament(tx, pool, event);
      return [notice];
    case 'Entered': {
      const wallet = lower(event.args.player);
      await tx
        .insert(gamingChainEntries)
        .values({
          poolAddress: pool,
          tournamentId,
          playerAddress: wallet,
          entryFeeWei: event.args.entryFee,
          enteredAt: event.at,
          enteredTransactionHash: event.transactionHash,
        })
        .onConflictDoNothing();
      // The event carries the count after this entry, so a replay sets the same values again.
      await tx
        .update(gamingChainTournaments)
        .set({
          entrants: event.args.entrants,
          poolWei: event.args.entryFee * BigInt(event.args.entrants),
          updatedAt: sql`now()`,
        })
        .where(key);
      return [{ ...notice, wallet }];
    }
    case 'ResultsPosted':
      await recordRanking(tx, pool, event);
      await tx
        .update(gamingChainTournaments)
        .set({ status: 'results_posted', disputeEndsAt: at(event.args.disputeEndsAt), updatedAt: sql`now()` })
        .where(key);
      return [notice];
    case 'ResultDisputed': {
      const wallet = lower(event.args.disputedBy);
      await tx
        .insert(gamingChainDisputes)
        .values({
          poolAddress: pool,
          tournamentId,
          transactionHash: event.transactionHash,
          logIndex: event.logIndex,
          disputedBy: wallet,
          reason: event.args.reason,
          disputedAt: event.at,
        })
        .onConflictDoNothing();
      await tx.update(gamingChainTournaments).set({ status: 'disputed', updatedAt: sql`now()` }).where(key);
      return [{ ...notice, wallet }];
    }
    case 'DisputeResolved':
      await recordResolution(tx, pool, event);
      return [notice];
    case 'TournamentCancelled':
      await tx
        .update(gamingChainTournaments)
        .set({
          status: 'cancelled',
          cancelReason: cancelReasons[event.args.reason] ?? 'by_organiser',
          updatedAt: sql`now()`,
        })
        .where(key);
      return [notice];
    case 'FeesSettled':
    case 'PrizeClaimed':
    case 'Refunded':
      return applyGamingPayoutEvent(tx, pool, event, notice);
  }
}

/** Records a posted ranking and moves each entrant's rank and prize to it (an operator's replaces the server's). */
async function recordRanking(
  tx: Db,
  pool: string,
  event: Extract<GamingChainEvent, { eventName: 'ResultsPosted' }>,
) {
  const tournamentId = event.args.tournamentId.toString();
  const ranking = event.args.ranking.map(lower);
  await tx
    .insert(gamingChainResults)
    .values({
      poolAddress: pool,
      tournamentId,
      transactionHash: event.transactionHash,
      logIndex: event.logIndex,
      postedBy: lower(event.args.postedBy),
      ranking,
      prizesWei: event.args.prizes.map((prize) => prize.toString()),
      disputeEndsAt: at(event.args.disputeEndsAt),
      postedAt: event.at,
    })
    .onConflictDoNothing();
  const entries = and(
    eq(gamingChainEntries.poolAddress, pool),
    eq(gamingChainEntries.tournamentId, tournamentId),
  );
  await tx.update(gamingChainEntries).set({ rank: null, prizeWei: null }).where(entries);
  for (const [index, wallet] of ranking.entries()) {
    await tx
      .update(gamingChainEntries)
      .set({ rank: index + 1, prizeWei: event.args.prizes[index] ?? 0n })
      .where(and(entries, eq(gamingChainEntries.playerAddress, wallet)));
  }
}

/** Inserts a new tournament's terms. */
async function recordTournament(
  tx: Db,
  pool: string,
  event: Extract<GamingChainEvent, { eventName: 'TournamentCreated' }>,
) {
  const tournamentId = event.args.tournamentId.toString();
  const { params } = event.args;
  await tx
    .insert(gamingChainTournaments)
    .values({
      poolAddress: pool,
      tournamentId,
      organiserAddress: lower(event.args.organiser),
      gameServerAddress: lower(event.args.gameServer),
      mode: decodeMode(params.modeId),
      metadataHash: params.metadataHash,
      entryFeeWei: params.entryFee,
      startsAt: at(params.startTime),
      endsAt: at(params.endTime),
      minPlayers: params.minPlayers,
      maxPlayers: params.maxPlayers,
      disputeWindowSeconds: params.disputeWindow,
      platformFeeBps: event.args.platformFeeBps,
      stakersShareBps: event.args.stakersShareBps,
      prizeBps: [...params.prizeBps],
      status: 'open',
      entrants: 0,
      poolWei: 0n,
      createdAt: event.at,
      createdTransactionHash: event.transactionHash,
    })
    .onConflictDoNothing();
}

/** Closes the tournament's open dispute with the operator's outcome; the result is claimable at once. */
async function recordResolution(
  tx: Db,
  pool: string,
  event: Extract<GamingChainEvent, { eventName: 'DisputeResolved' }>,
) {
  const tournamentId = event.args.tournamentId.toString();
  const [open] = await tx
    .select({
      transactionHash: gamingChainDisputes.transactionHash,
      logIndex: gamingChainDisputes.logIndex,
    })
    .from(gamingChainDisputes)
    .where(
      and(
        eq(gamingChainDisputes.poolAddress, pool),
        eq(gamingChainDisputes.tournamentId, tournamentId),
        isNull(gamingChainDisputes.resolvedAt),
      ),
    )
    .orderBy(desc(gamingChainDisputes.disputedAt))
    .limit(1);
  if (open) {
    await tx
      .update(gamingChainDisputes)
      .set({
        outcome: event.args.upheld ? 'upheld' : 'rejected',
        resolvedBy: lower(event.args.operator),
        resolvedAt: event.at,
      })
      .where(
        and(
          eq(gamingChainDisputes.poolAddress, pool),
          eq(gamingChainDisputes.transactionHash, open.transactionHash),
          eq(gamingChainDisputes.logIndex, open.logIndex),
        ),
      );
  }
  // Claimable at once; a void result is followed by TournamentCancelled in the same transaction.
  await tx
    .update(gamingChainTournaments)
    .set({ status: 'results_posted', disputeEndsAt: event.at, updatedAt: sql`now()` })
    .where(
      and(
        eq(gamingChainTournaments.poolAddress, pool),
        eq(gamingChainTournaments.tournamentId, tournamentId),
      ),
    );
}
