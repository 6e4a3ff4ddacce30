import { type Address, getAddress } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import { ChainError } from '../chain/ChainError.js';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import type { UserSettlementLimit } from './planSettlementBatch.js';
import { planSimulatedSettlementBatch } from './planSimulatedSettlementBatch.js';
import type { SettlementBatchContent } from './settlementBatchItems.js';

const alice = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8');
const bob = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc');
const nodeA = getAddress('0x90f79bf6eb2c4f870365e785982e1f101e93b906');
const nodeB = getAddress('0x15d34aaf54267db7d7c367839aaf71a00a2c6a65');

function charge(id: number, user: Address, node: Address): UnsettledCharge {
  return {
    transactionId: `00000000-0000-4000-8000-${id.toString().padStart(12, '0')}`,
    createdAt: new Date(1_700_000_000_000 + id * 1000),
    userId: user,
    userAddress: user,
    nodeId: node,
    nodeAddress: node,
    node: 60n,
    stakers: 20n,
    treasury: 20n,
    creatorUserId: null,
    creatorAddress: null,
    creator: 0n,
    creatorFeeStakers: 0n,
    amount: 100n,
  };
}

function setup(simulate: (content: SettlementBatchContent) => Promise<void>) {
  const limits = new Map<Address, UserSettlementLimit>([
    [alice, { limit: 1_000n }],
    [bob, { limit: 1_000n }],
  ]);
  const payableNodes = new Set([nodeA, nodeB]);
  const logger = { warn: vi.fn() };
  const input = {
    charges: [charge(1, alice, nodeA), charge(2, bob, nodeB)],
    limits,
    payableNodes,
    maxEntries: 10,
    simulate: vi.fn(simulate),
    logger,
  };
  return input;
}

const revert = (reason: string, args: unknown[]) => new ChainError(reason, `reverted: ${reason}`, { args });

describe('planSimulatedSettlementBatch', () => {
  it('returns the first plan when its dry run passes', async () => {
    const input = setup(async () => undefined);
    const plan = await planSimulatedSettlementBatch(input);
    expect(plan.included).toHaveLength(2);
    expect(input.simulate).toHaveBeenCalledOnce();
  });

  it('leaves out the user a revert names and plans the rest again', async () => {
    const input = setup(async (content) => {
      if (content.debits.some((d) => d.account === bob))
        throw revert('SpendingCapExceeded', [bob.toLowerCase()]);
    });
    const plan = await planSimulatedSettlementBatch(input);
    expect(plan.included.map((c) => c.userAddress)).toEqual([alice]);
    expect(input.limits.get(bob)).toMatchObject({ limit: 0n });
    expect(input.logger.warn).toHaveBeenCalledOnce();
  });

  it('leaves out a node that is not active', async () => {
    const input = setup(async (content) => {
      if (content.credits.some((c) => c.account === nodeA)) throw revert('NodeNotActive', [nodeA]);
    });
    const plan = await planSimulatedSettlementBatch(input);
    expect(input.payableNodes.has(nodeA)).toBe(false);
    expect(plan.included.map((c) => c.nodeAddress)).toEqual([nodeB]);
  });

  it('leaves out the audit pay of a node that is not active, and keeps every charge', async () => {
    const nodeC = getAddress('0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc');
    const payout = {
      transactionId: '00000000-0000-4000-8000-000000000099',
      createdAt: new Date(1_700_000_000_000),
      nodeId: nodeC,
      nodeAddress: nodeC,
      amount: 5n,
    };
    const input = {
      ...setup(async (content) => {
        if (content.credits.some((c) => c.account === nodeC)) throw revert('NodeNotActive', [nodeC]);
      }),
      auditPayouts: [payout],
    };
    input.payableNodes.add(nodeC);
    const plan = await planSimulatedSettlementBatch(input);
    expect(input.simulate).toHaveBeenCalledTimes(2);
    expect(plan.included).toHaveLength(2);
    expect(plan.includedAuditPayouts).toEqual([]);
    expect(input.payableNodes.has(nodeC)).toBe(false);
    expect(plan.deferredAuditPayouts[0]?.reason).toMatch(/cannot be credited/);
  });

  it('rethrows a revert that names nobody', async () => {
    const error = revert('BatchAlreadySettled', [1n]);
    const input = setup(async () => {
      throw error;
    });
    await expect(planSimulatedSettlementBatch(input)).rejects.toBe(error);
  });

  it('gives up after maxEntries rounds', async () => {
    const carol = getAddress('0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc');
    const input = { ...setup(async () => undefined), maxEntries: 2 };
    input.simulate.mockRejectedValue(revert('InsufficientBalance', [carol]));
    await expect(planSimulatedSettlementBatch(input)).rejects.toThrow('InsufficientBalance');
    expect(input.simulate).toHaveBeenCalledTimes(3);
  });
});
