import { publicationRegistryAbi, researchEscrowAbi } from '@far/contracts';
import { type Address, getAbiItem, getAddress, type PublicClient } from 'viem';
import { type DesciChainEvent, desciChainEventSchema } from './desciChainEventSchema.js';

/** Far DeSci's two contracts on the chain followed. */
export type DesciContracts = { researchEscrow: Address; publicationRegistry: Address };

const escrowEventNames = [
  'ProposalOpened',
  'MilestoneScheduled',
  'ReviewPanelSet',
  'ProposalBacked',
  'ProposalFunded',
  'ProposalCancelled',
  'FundingExpired',
  'UnfundedWithdrawn',
  'DeliverableSubmitted',
  'MilestoneReleased',
  'MilestoneRejected',
  'MilestoneOverdue',
  'ProposalCompleted',
  'ProposalFailed',
  'RemainderWithdrawn',
] as const;
const escrowEvents = escrowEventNames.map((name) => getAbiItem({ abi: researchEscrowAbi, name }));
const anchoredEvent = getAbiItem({ abi: publicationRegistryAbi, name: 'Anchored' });

/**
 * Reads and parses the ResearchEscrow and PublicationRegistry events of one block range, in chain
 * order (block, then log index). Logs from any other address are dropped.
 *
 * @param publicClient - a viem client on the deployment's chain.
 * @param contracts - the escrow and registry addresses.
 * @param range - the inclusive block range.
 * @returns the parsed events.
 * @example
 * const events = await readDesciChainEvents(chain, contracts, { fromBlock: 10n, toBlock: 99n });
 */
export async function readDesciChainEvents(
  publicClient: PublicClient,
  contracts: DesciContracts,
  range: { fromBlock: bigint; toBlock: bigint },
): Promise<DesciChainEvent[]> {
  const [escrowLogs, registryLogs] = await Promise.all([
    publicClient.getLogs({ address: contracts.researchEscrow, events: escrowEvents, ...range, strict: true }),
    publicClient.getLogs({
      address: contracts.publicationRegistry,
      event: anchoredEvent,
      ...range,
      strict: true,
    }),
  ]);
  const expected = new Set([getAddress(contracts.researchEscrow), getAddress(contracts.publicationRegistry)]);
  const events: DesciChainEvent[] = [];
  for (const log of [...escrowLogs, ...registryLogs]) {
    // A node that ignores the address filter must not let another contract write the mirror.
    if (!expected.has(getAddress(log.address))) continue;
    events.push(
      desciChainEventSchema.parse({
        address: log.address,
        eventName: log.eventName,
        args: log.args,
        blockNumber: log.blockNumber,
        blockHash: log.blockHash,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
      }),
    );
  }
  return events.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
}
