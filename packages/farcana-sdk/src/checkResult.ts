import { tournamentPoolAbi } from '@far/contracts';
import { type Address, isAddressEqual, type PublicClient } from 'viem';
import { FarcanaSdkError } from './FarcanaSdkError.js';
import { readTournament, type TournamentInfo } from './readTournament.js';
import type { SignedResult } from './signResult.js';

/**
 * Checks a signed result against the pool's state before anything is sent, with the reasons the pool
 * would revert, so a game server learns what is wrong without paying for a failed transaction.
 *
 * @param publicClient - a client on the pool's chain.
 * @param pool - the TournamentPool address.
 * @param result - the signed ranking.
 * @returns the tournament as read.
 * @throws {FarcanaSdkError} UNKNOWN_TOURNAMENT, NOT_ACCEPTING_RESULTS (not ended, not open, too few
 * players), NOT_GAME_SERVER (signer is not the tournament's approved server), INVALID_RANKING.
 * @example
 * await checkResult(publicClient, pool, await signResult({ ... }));
 */
export async function checkResult(
  publicClient: PublicClient,
  pool: Address,
  result: SignedResult,
): Promise<TournamentInfo> {
  const tournament = await readTournament(publicClient, pool, result.tournamentId);
  const id = result.tournamentId;
  if (tournament.status !== 'open') {
    throw new FarcanaSdkError('NOT_ACCEPTING_RESULTS', `tournament ${id} is ${tournament.status}`);
  }
  const now = Number((await publicClient.getBlock()).timestamp) * 1000;
  if (now < tournament.endTime.getTime()) {
    throw new FarcanaSdkError(
      'NOT_ACCEPTING_RESULTS',
      `tournament ${id} ends at ${tournament.endTime.toISOString()}`,
    );
  }
  if (tournament.entrants < tournament.minPlayers) {
    throw new FarcanaSdkError(
      'NOT_ACCEPTING_RESULTS',
      `tournament ${id} has fewer entrants than its minimum`,
    );
  }
  const approved = await publicClient.readContract({
    address: pool,
    abi: tournamentPoolAbi,
    functionName: 'isGameServer',
    args: [tournament.gameServer],
  });
  if (!approved || !isAddressEqual(tournament.gameServer, result.signer)) {
    throw new FarcanaSdkError(
      'NOT_GAME_SERVER',
      `tournament ${id} takes results from ${tournament.gameServer}${approved ? '' : ' (no longer approved)'}, not ${result.signer}`,
    );
  }
  await checkRanking(publicClient, pool, tournament, result.ranking);
  return tournament;
}

async function checkRanking(
  publicClient: PublicClient,
  pool: Address,
  tournament: TournamentInfo,
  ranking: readonly Address[],
) {
  const invalid = (why: string) =>
    new FarcanaSdkError('INVALID_RANKING', `tournament ${tournament.id}: ${why}`);
  if (ranking.length === 0) throw invalid('the ranking is empty');
  if (ranking.length > tournament.prizeBps.length) {
    throw invalid(`${ranking.length} wallets for ${tournament.prizeBps.length} paid places`);
  }
  const seen = new Set<string>();
  for (const wallet of ranking) {
    if (seen.has(wallet.toLowerCase())) throw invalid(`${wallet} is ranked twice`);
    seen.add(wallet.toLowerCase());
    const entry = await publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'entryOf',
      args: [tournament.id, wallet],
    });
    if (!entry.entered) throw invalid(`${wallet} did not enter`);
  }
}
