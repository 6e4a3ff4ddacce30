import { tournamentPoolAbi } from '@far/contracts';
import { type Address, type Hex, type PublicClient, parseEventLogs } from 'viem';

/** The pool's per-tournament events (admin events such as GameServerUpdated are not mirrored). */
const tournamentEvents = [
  'TournamentCreated',
  'Entered',
  'ResultsPosted',
  'ResultDisputed',
  'DisputeResolved',
  'TournamentCancelled',
  'FeesSettled',
  'PrizeClaimed',
  'Refunded',
] as const;

/** One TournamentPool event of a tournament, decoded against the pool's ABI, with where and when it happened. */
export type GamingChainEvent = ReturnType<
  typeof parseEventLogs<typeof tournamentPoolAbi, true, (typeof tournamentEvents)[number]>
>[number] & {
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
  /** The block's timestamp. */
  at: Date;
};

/**
 * The pool's events in a block range, in chain order, each with its block's time. Decoding against the
 * ABI in strict mode is the boundary's parse: a log that does not match an event of the pool's ABI is
 * dropped by viem, one that claims to but is malformed throws.
 *
 * @param publicClient - the chain client.
 * @param pool - the TournamentPool address.
 * @param range - the inclusive block range.
 * @returns the events, oldest first.
 * @example
 * const events = await readGamingChainEvents(chain, pool, { fromBlock: 1n, toBlock: 100n });
 */
export async function readGamingChainEvents(
  publicClient: PublicClient,
  pool: Address,
  range: { fromBlock: bigint; toBlock: bigint },
): Promise<GamingChainEvent[]> {
  const logs = await publicClient.getLogs({ address: pool, ...range });
  const events = parseEventLogs({
    abi: tournamentPoolAbi,
    logs,
    eventName: [...tournamentEvents],
    strict: true,
  });
  const times = new Map<bigint, Date>();
  for (const blockNumber of new Set(events.map((event) => event.blockNumber))) {
    const block = await publicClient.getBlock({ blockNumber });
    times.set(blockNumber, new Date(Number(block.timestamp) * 1000));
  }
  return events
    .map((event) => ({ ...event, at: times.get(event.blockNumber) ?? new Date(0) }))
    .sort((a, b) =>
      a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
    );
}
