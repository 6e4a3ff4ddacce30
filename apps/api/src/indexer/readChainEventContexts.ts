import { type Deployments, farStakingAbi } from '@far/contracts';
import type { PublicClient } from 'viem';
import type { Logger } from '../observability/createLogger.js';
import type { ChainEventContext } from './applyChainEvent.js';
import type { ChainEvent } from './readChainEvents.js';

export type ReadChainEventContextsParams = {
  publicClient: Pick<PublicClient, 'getBlock' | 'readContract'>;
  deployments: Pick<Deployments, 'chainId' | 'contracts'>;
  logger: Logger;
  /** The cursor's idempotency scope, which every event's ledger keys carry. */
  idempotencyScope: string | null;
};

/**
 * Reads, outside any database transaction, the chain state the events of a range need: each
 * block's time, the reward rate at a stake, the lock of an unstaked position.
 *
 * @param params - chain client, deployments, logger and the key scope.
 * @param events - the range's events, in order.
 * @returns one context per event, in the same order.
 * @example
 * const contexts = await readChainEventContexts({ publicClient, deployments, logger, idempotencyScope }, events);
 */
export async function readChainEventContexts(
  params: ReadChainEventContextsParams,
  events: ChainEvent[],
): Promise<ChainEventContext[]> {
  const { publicClient, deployments } = params;
  const blockTimes = new Map<bigint, Date>();
  for (const event of events) {
    if (blockTimes.has(event.blockNumber)) continue;
    const block = await publicClient.getBlock({ blockNumber: event.blockNumber });
    blockTimes.set(event.blockNumber, new Date(Number(block.timestamp) * 1000));
  }
  const contexts: ChainEventContext[] = [];
  for (const event of events) {
    const context: ChainEventContext = {
      chainId: deployments.chainId,
      idempotencyScope: params.idempotencyScope,
      blockTime: blockTimes.get(event.blockNumber) ?? new Date(),
      logger: params.logger,
    };
    if (event.eventName === 'Staked') {
      const rewardRateBps = await readRewardRate(params, event.blockNumber);
      if (rewardRateBps !== undefined) context.rewardRateBps = rewardRateBps;
    } else if (event.eventName === 'Unstaked') {
      // A position's tier and unlock time never change, so the latest state is as good as history
      // (and works on RPC nodes without archive state).
      const positions = await publicClient.readContract({
        address: deployments.contracts.farStaking,
        abi: farStakingAbi,
        functionName: 'positionsOf',
        args: [event.args.user],
      });
      const position = positions[Number(event.args.positionId)];
      if (position === undefined)
        throw new Error(`position ${event.args.positionId} of ${event.args.user} not found`);
      context.position = { lockTier: position.lockTier, unlockAt: position.unlockAt };
    }
    contexts.push(context);
  }
  return contexts;
}

async function readRewardRate(
  params: ReadChainEventContextsParams,
  blockNumber: bigint,
): Promise<bigint | undefined> {
  const read = (at?: bigint) =>
    params.publicClient.readContract({
      address: params.deployments.contracts.farStaking,
      abi: farStakingAbi,
      functionName: 'rewardRate',
      ...(at === undefined ? {} : { blockNumber: at }),
    });
  try {
    return await read(blockNumber);
  } catch {
    // Non-archive RPC nodes drop old state; the current rate is the best remaining guess.
    return read().catch(() => undefined);
  }
}
