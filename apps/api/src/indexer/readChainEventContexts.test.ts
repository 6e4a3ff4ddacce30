import { describe, expect, it, vi } from 'vitest';
import { readChainEventContexts } from './readChainEventContexts.js';
import type { ChainEvent } from './readChainEvents.js';

const farStaking = '0x0000000000000000000000000000000000000005';
const user = '0x00000000000000000000000000000000000000aa';
const logger = { child: () => logger, info: vi.fn(), warn: vi.fn(), error: vi.fn() } as never;

function event(eventName: string, blockNumber: bigint, args: Record<string, unknown>): ChainEvent {
  return { eventName, blockNumber, args, transactionHash: '0x1', logIndex: 0 } as unknown as ChainEvent;
}

function client(options: { archive: boolean }) {
  const getBlock = vi.fn(async ({ blockNumber }: { blockNumber: bigint }) => ({
    timestamp: blockNumber * 100n,
  }));
  const readContract = vi.fn(async (call: { functionName: string; blockNumber?: bigint }) => {
    if (call.functionName === 'rewardRate') {
      if (call.blockNumber !== undefined && !options.archive) throw new Error('missing trie node');
      return call.blockNumber === undefined ? 900n : 800n;
    }
    return [{ lockTier: 2, unlockAt: 12345n }];
  });
  return { getBlock, readContract };
}

describe('readChainEventContexts', () => {
  const deployments = { chainId: 31337, contracts: { farStaking } } as never;

  it('gives each event its block time (one read per block) and the scope', async () => {
    const publicClient = client({ archive: true });
    const contexts = await readChainEventContexts(
      { publicClient: publicClient as never, deployments, logger, idempotencyScope: '0xscope' },
      [event('Deposited', 3n, {}), event('Withdrawn', 3n, {}), event('Deposited', 4n, {})],
    );
    expect(contexts.map((c) => c.blockTime.getTime())).toEqual([300_000, 300_000, 400_000]);
    expect(contexts.every((c) => c.idempotencyScope === '0xscope' && c.chainId === 31337)).toBe(true);
    expect(publicClient.getBlock).toHaveBeenCalledTimes(2);
  });

  it('reads the reward rate at the stake, or the current one where old state is gone', async () => {
    const staked = [event('Staked', 7n, { user })];
    const [archived] = await readChainEventContexts(
      { publicClient: client({ archive: true }) as never, deployments, logger, idempotencyScope: null },
      staked,
    );
    expect(archived?.rewardRateBps).toBe(800n);
    const [pruned] = await readChainEventContexts(
      { publicClient: client({ archive: false }) as never, deployments, logger, idempotencyScope: null },
      staked,
    );
    expect(pruned?.rewardRateBps).toBe(900n);
  });

  it("reads an unstaked position's lock, and refuses a position the contract does not have", async () => {
    const params = {
      publicClient: client({ archive: true }) as never,
      deployments,
      logger,
      idempotencyScope: null,
    };
    const [context] = await readChainEventContexts(params, [event('Unstaked', 8n, { user, positionId: 0n })]);
    expect(context?.position).toEqual({ lockTier: 2, unlockAt: 12345n });
    await expect(
      readChainEventContexts(params, [event('Unstaked', 8n, { user, positionId: 3n })]),
    ).rejects.toThrow(`position 3 of ${user} not found`);
  });
});
