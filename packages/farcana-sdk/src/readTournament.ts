import { tournamentPoolAbi } from '@far/contracts';
import { type Address, hexToString, type PublicClient } from 'viem';
import { FarcanaSdkError } from './FarcanaSdkError.js';

/** TournamentPool's Status enum, by name. */
export type TournamentStatus = 'open' | 'results_posted' | 'disputed' | 'cancelled';

/** What a game server needs to know about a tournament before it ranks and signs. */
export type TournamentInfo = {
  id: bigint;
  organiser: Address;
  /** The only key whose signature the pool accepts for this tournament. */
  gameServer: Address;
  /** The mode as the organiser named it (left-aligned ASCII bytes32 on chain). */
  mode: string;
  entryFee: bigint;
  startTime: Date;
  endTime: Date;
  minPlayers: number;
  maxPlayers: number;
  entrants: number;
  status: TournamentStatus;
  /** Rank 1 first, in bps; a ranking may list at most this many wallets. */
  prizeBps: number[];
  /** When a posted result becomes claimable; undefined before results. */
  disputeEndsAt: Date | undefined;
};

const statuses: readonly (TournamentStatus | undefined)[] = [
  undefined,
  'open',
  'results_posted',
  'disputed',
  'cancelled',
];

/**
 * Reads one tournament from a TournamentPool.
 *
 * @param publicClient - a viem public client on the pool's chain.
 * @param pool - the TournamentPool address.
 * @param id - the tournament id.
 * @returns its terms and state.
 * @throws {FarcanaSdkError} UNKNOWN_TOURNAMENT when the pool has no such tournament.
 * @example
 * const tournament = await readTournament(publicClient, pool, 1n);
 * if (tournament.endTime <= new Date()) ...
 */
export async function readTournament(
  publicClient: PublicClient,
  pool: Address,
  id: bigint,
): Promise<TournamentInfo> {
  const [record, prizeBps] = await Promise.all([
    publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'getTournament',
      args: [id],
    }),
    publicClient.readContract({
      address: pool,
      abi: tournamentPoolAbi,
      functionName: 'prizeTable',
      args: [id],
    }),
  ]);
  const status = statuses[record.status];
  if (status === undefined)
    throw new FarcanaSdkError('UNKNOWN_TOURNAMENT', `tournament ${id} does not exist`);
  return {
    id,
    organiser: record.organiser,
    gameServer: record.gameServer,
    mode: hexToString(record.modeId, { size: 32 }),
    entryFee: record.entryFee,
    startTime: new Date(record.startTime * 1000),
    endTime: new Date(record.endTime * 1000),
    minPlayers: record.minPlayers,
    maxPlayers: record.maxPlayers,
    entrants: record.entrants,
    status,
    prizeBps: [...prizeBps],
    disputeEndsAt: record.disputeEndsAt === 0 ? undefined : new Date(record.disputeEndsAt * 1000),
  };
}
