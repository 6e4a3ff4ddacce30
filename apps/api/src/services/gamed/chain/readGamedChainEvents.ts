import { gameLicensesAbi } from '@far/contracts';
import { type Address, type Hex, type PublicClient, parseEventLogs } from 'viem';

/** One GameLicenses event, decoded against its ABI, with where and when it happened. */
export type GamedChainEvent = ReturnType<typeof parseEventLogs<typeof gameLicensesAbi>>[number] & {
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
  /** The block's timestamp. */
  at: Date;
};

/**
 * GameLicenses' events in a block range, in chain order, each with its block's time. Decoding against
 * the ABI in strict mode is the boundary's parse: a log that matches no event of the ABI is dropped by
 * viem, one that claims to but is malformed throws.
 *
 * @param publicClient - the chain client.
 * @param contract - the GameLicenses address.
 * @param range - the inclusive block range.
 * @returns the events, oldest first.
 * @example
 * const events = await readGamedChainEvents(chain, gameLicenses, { fromBlock: 1n, toBlock: 100n });
 */
export async function readGamedChainEvents(
  publicClient: PublicClient,
  contract: Address,
  range: { fromBlock: bigint; toBlock: bigint },
): Promise<GamedChainEvent[]> {
  const logs = await publicClient.getLogs({ address: contract, ...range });
  const events = parseEventLogs({ abi: gameLicensesAbi, logs, strict: true });
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
